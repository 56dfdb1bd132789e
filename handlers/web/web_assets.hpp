// The web pages' files (handlers/web/assets), compiled into the binary.
#pragma once

#include <string_view>
#include <vector>

namespace careerbot {

struct EmbeddedAsset {
  std::string_view path;  // "chat/widget.js", relative to handlers/web/assets
  std::string_view bytes;
};

const std::vector<EmbeddedAsset>& embedded_assets();

}  // namespace careerbot
