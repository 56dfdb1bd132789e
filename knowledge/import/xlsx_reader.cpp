#include "xlsx_reader.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

#include "import_error.hpp"
#include "zip_archive.hpp"

namespace careerbot {
namespace {

using Rows = std::vector<std::vector<std::string>>;

constexpr std::uint32_t kMaxRows = 1'048'576;
constexpr std::uint32_t kMaxColumns = 16'384;
// What one workbook may fill, so that a small file cannot claim unbounded memory
// through far-apart cell references or a long shared string used by many cells.
constexpr std::size_t kMaxCells = std::size_t{1} << 24;      // cells, gap fillers and rows
constexpr std::size_t kMaxTextBytes = std::size_t{1} << 29;  // 512 MiB of cell text

struct Budget {
  std::size_t cells = kMaxCells;
  std::size_t text_bytes = kMaxTextBytes;
};

bool take(std::size_t& left, std::size_t amount) {
  if (amount > left) return false;
  left -= amount;
  return true;
}

// ---- XML helpers: element names are matched without their namespace prefix ("x:row").

std::string_view local_name(const char* name) {
  const std::string_view full = name;
  const auto colon = full.find(':');
  return colon == std::string_view::npos ? full : full.substr(colon + 1);
}

pugi::xml_node child(pugi::xml_node parent, std::string_view name) {
  for (const auto node : parent.children()) {
    if (node.type() == pugi::node_element && local_name(node.name()) == name) return node;
  }
  return {};
}

std::string content(pugi::xml_node element) {
  std::string text;
  for (const auto node : element.children()) {
    if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) text += node.value();
  }
  return text;
}

bool preserves_space(pugi::xml_node node) {
  for (; node; node = node.parent()) {
    if (const auto space = node.attribute("xml:space")) {
      return std::string_view(space.value()) == "preserve";
    }
  }
  return false;
}

void append_utf8(std::string& out, unsigned code) {
  if (code >= 0xD800 && code <= 0xDFFF) code = 0xFFFD;  // a lone UTF-16 surrogate
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// Decodes the _xHHHH_ escapes SpreadsheetML uses for control characters ("_x000D_").
std::string decode_escapes(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    unsigned code = 0;
    const bool escape = text.substr(i, 2) == "_x" && i + 7 <= text.size() && text[i + 6] == '_' &&
                        std::from_chars(text.data() + i + 2, text.data() + i + 6, code, 16).ptr ==
                            text.data() + i + 6;
    if (escape) {
      append_utf8(out, code);
      i += 7;
    } else {
      out += text[i++];
    }
  }
  return out;
}

// The text of a <t> element.
std::string t_text(pugi::xml_node t) {
  std::string text = content(t);
  if (!preserves_space(t)) {
    constexpr std::string_view kSpace = " \t\r\n";
    text.erase(0, std::min(text.size(), text.find_first_not_of(kSpace)));
    text.erase(text.find_last_not_of(kSpace) + 1);
  }
  return decode_escapes(text);
}

// The text of a shared string <si> or inline string <is>: plain <t> or rich-text
// runs <r><t>; phonetic runs (<rPh>) are not part of the text.
std::string string_item(pugi::xml_node item) {
  std::string text;
  for (const auto node : item.children()) {
    const auto name = local_name(node.name());
    if (name == "t") text += t_text(node);
    if (name == "r") text += t_text(child(node, "t"));
  }
  return text;
}

// ---- Cell references.

// "7" -> 6. False unless a row number within 1..1048576.
bool parse_row(std::string_view digits, std::uint32_t& row) {
  std::uint32_t number = 0;
  const auto end = digits.data() + digits.size();
  const auto [ptr, error] = std::from_chars(digits.data(), end, number);
  if (digits.empty() || error != std::errc() || ptr != end || number == 0 || number > kMaxRows) {
    return false;
  }
  row = number - 1;
  return true;
}

// "B7" -> row 6, column 1. False unless a cell within A1:XFD1048576.
bool parse_ref(std::string_view ref, std::uint32_t& row, std::uint32_t& column) {
  std::uint32_t number = 0;
  std::size_t i = 0;
  for (; i < ref.size() && i < 4; ++i) {
    const char c = ref[i];
    const char upper = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    if (upper < 'A' || upper > 'Z') break;
    number = number * 26 + static_cast<std::uint32_t>(upper - 'A' + 1);
  }
  if (number == 0 || number > kMaxColumns || !parse_row(ref.substr(i), row)) return false;
  column = number - 1;
  return true;
}

std::string column_name(std::uint32_t column) {
  std::string name;
  for (std::uint32_t n = column + 1; n > 0; n = (n - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return name;
}

std::string cell_name(std::uint32_t row, std::uint32_t column) {
  return column_name(column) + std::to_string(row + 1);
}

// ---- The package: parts by name, parsed as XML, and their relationships.

struct Relationship {
  std::string type;
  std::string part;  // the target as a part name, e.g. "xl/worksheets/sheet1.xml"
};

// "xl/" + "worksheets/sheet1.xml" or "/xl/worksheets/sheet1.xml" -> "xl/worksheets/sheet1.xml".
std::string resolve(std::string_view base_dir, std::string_view target) {
  const std::string joined =
      target.starts_with('/') ? std::string(target) : std::string(base_dir) + std::string(target);
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= joined.size()) {
    const auto end = std::min(joined.find('/', start), joined.size());
    const auto segment = std::string_view(joined).substr(start, end - start);
    if (segment == ".." && !segments.empty()) segments.pop_back();
    if (!segment.empty() && segment != "." && segment != "..") segments.push_back(segment);
    start = end + 1;
  }
  std::string part;
  for (const auto segment : segments) {
    if (!part.empty()) part += '/';
    part += segment;
  }
  return part;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

class Package {
 public:
  explicit Package(const std::filesystem::path& path) : zip_(path) {
    for (auto& name : zip_.names()) entries_.emplace(lower(name), name);
  }

  const std::string& path() const { return zip_.path(); }

  // The zip entry holding `part`; part names are case-insensitive.
  std::optional<std::string> entry(const std::string& part) const {
    const auto found = entries_.find(lower(part));
    if (found == entries_.end()) return std::nullopt;
    return found->second;
  }

  // `label` names the part in messages, e.g. `xl/worksheets/sheet1.xml (sheet "Data")`.
  void load(const std::string& part, const std::string& label, pugi::xml_document& doc) const {
    const auto name = entry(part);
    if (!name) fail(label, "missing from the archive");
    const std::string xml = zip_.read(*name);
    const auto parsed =
        doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
    if (!parsed) {
      fail(label, std::string("not well-formed XML (") + parsed.description() + " at byte " +
                      std::to_string(parsed.offset) + ")");
    }
  }

  // Id -> relationship, from a .rels part; targets resolved against `base_dir`.
  std::map<std::string, Relationship> relationships(const std::string& rels_part,
                                                    std::string_view base_dir) const {
    pugi::xml_document doc;
    load(rels_part, rels_part, doc);
    std::map<std::string, Relationship> result;
    for (const auto node : doc.document_element().children()) {
      if (local_name(node.name()) != "Relationship") continue;
      if (std::string_view(node.attribute("TargetMode").value()) == "External") continue;
      result[node.attribute("Id").value()] = {node.attribute("Type").value(),
                                              resolve(base_dir, node.attribute("Target").value())};
    }
    return result;
  }

  [[noreturn]] void fail(const std::string& label, const std::string& what) const {
    throw ImportFailure(path() + ": " + label + ": " + what);
  }

 private:
  ZipArchive zip_;
  std::map<std::string, std::string> entries_;  // lower-cased name -> entry name
};

// ---- Worksheets.

struct Cell {
  std::uint32_t row;
  std::uint32_t column;
  std::string text;
};

class SheetReader {
 public:
  SheetReader(const Package& package, const std::vector<std::string>& shared, Budget& budget)
      : package_(package), shared_(shared), budget_(budget) {}

  Rows read(const std::string& part, const std::string& sheet_name) {
    label_ = part + " (sheet \"" + sheet_name + "\")";
    pugi::xml_document doc;
    package_.load(part, label_, doc);
    const auto root = doc.document_element();
    if (local_name(root.name()) != "worksheet") {
      fail(std::string("not a worksheet (root element <") + root.name() + ">)");
    }
    std::vector<Cell> cells;
    std::uint32_t row = 0;  // where a <row> without r goes
    for (const auto node : child(root, "sheetData").children()) {
      if (local_name(node.name()) != "row") continue;
      const std::string_view r = node.attribute("r").value();
      if (!r.empty() && !parse_row(r, row)) {
        fail("row \"" + std::string(r) + "\": not a row within 1.." + std::to_string(kMaxRows));
      }
      if (r.empty() && row >= kMaxRows) {
        fail("a row after row " + std::to_string(kMaxRows) + " is beyond the last row");
      }
      read_row(node, row, cells);
      ++row;
    }
    return materialise(cells);
  }

 private:
  void read_row(pugi::xml_node row_node, std::uint32_t row, std::vector<Cell>& cells) {
    std::uint32_t column = 0;  // where a <c> without r goes
    for (const auto node : row_node.children()) {
      if (local_name(node.name()) != "c") continue;
      Cell cell{row, column, {}};
      const std::string_view ref = node.attribute("r").value();
      if (!ref.empty() && !parse_ref(ref, cell.row, cell.column)) {
        fail("cell \"" + std::string(ref) + "\": not a cell within A1:XFD1048576");
      }
      if (ref.empty() && column >= kMaxColumns) {
        fail("a cell after " + cell_name(row, kMaxColumns - 1) + " is beyond the last column");
      }
      column = cell.column + 1;
      cell.text = text(node, cell);
      if (!cell.text.empty()) cells.push_back(std::move(cell));
    }
  }

  // The text of a cell, charged to the text budget before a shared string is copied.
  std::string text(pugi::xml_node node, const Cell& cell) {
    const std::string_view type = node.attribute("t").value();
    std::string value = content(child(node, "v"));
    if (type == "s" && !value.empty()) {
      std::size_t index = 0;
      const auto end = value.data() + value.size();
      const auto [ptr, error] = std::from_chars(value.data(), end, index);
      if (error != std::errc() || ptr != end || index >= shared_.size()) {
        fail("cell " + cell_name(cell.row, cell.column) + ": shared string \"" + value +
             "\" does not exist (the workbook has " + std::to_string(shared_.size()) +
             " shared strings)");
      }
      charge(shared_[index].size(), cell);
      return shared_[index];
    }
    if (const auto inline_string = child(node, "is"); type == "inlineStr" && inline_string) {
      value = string_item(inline_string);
    }
    if (type == "b" && (value == "1" || value == "0")) value = value == "1" ? "TRUE" : "FALSE";
    charge(value.size(), cell);
    return value;  // otherwise n (number), str (formula result), e (error), d (ISO 8601 date)
  }

  void charge(std::size_t bytes, const Cell& cell) {
    if (take(budget_.text_bytes, bytes)) return;
    fail("cell " + cell_name(cell.row, cell.column) + ": more than the " +
         std::to_string(kMaxTextBytes) + " bytes of text a workbook may hold");
  }

  // Sparse cells -> rows, up to the last row that has a cell and, in each row, up to its last
  // cell. What that takes is counted first, so a sheet beyond the budget allocates nothing.
  Rows materialise(std::vector<Cell>& cells) {
    Rows rows;
    if (cells.empty()) return rows;
    // Stable, so that of two cells at one position the later one wins below.
    std::stable_sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) {
      return std::tie(a.row, a.column) < std::tie(b.row, b.column);
    });
    std::size_t needed = std::size_t{cells.back().row} + 1;  // a row counts as a cell
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const bool last_in_row = i + 1 == cells.size() || cells[i + 1].row != cells[i].row;
      if (last_in_row) needed += std::size_t{cells[i].column} + 1;
    }
    if (!take(budget_.cells, needed)) {
      fail(std::to_string(needed) + " cells to fill; a workbook may fill " +
           std::to_string(kMaxCells) + " in all");
    }
    rows.resize(std::size_t{cells.back().row} + 1);
    for (std::size_t i = 0; i < cells.size();) {
      std::size_t end = i;
      while (end < cells.size() && cells[end].row == cells[i].row) ++end;
      auto& row = rows[cells[i].row];
      row.resize(std::size_t{cells[end - 1].column} + 1);
      for (; i < end; ++i) row[cells[i].column] = std::move(cells[i].text);
    }
    return rows;
  }

  [[noreturn]] void fail(const std::string& what) const { package_.fail(label_, what); }

  const Package& package_;
  const std::vector<std::string>& shared_;
  Budget& budget_;
  std::string label_;
};

std::vector<std::string> shared_strings(const Package& package,
                                        const std::map<std::string, Relationship>& relationships) {
  std::string part = "xl/sharedStrings.xml";
  for (const auto& [id, relationship] : relationships) {
    if (relationship.type.ends_with("/sharedStrings")) part = relationship.part;
  }
  std::vector<std::string> strings;
  if (!package.entry(part)) return strings;
  pugi::xml_document doc;
  package.load(part, part, doc);
  for (const auto node : doc.document_element().children()) {
    if (local_name(node.name()) == "si") strings.push_back(string_item(node));
  }
  return strings;
}

// The r:id of a <sheet>, whatever the prefix of the relationships namespace.
std::string relationship_id(pugi::xml_node sheet) {
  for (const auto attribute : sheet.attributes()) {
    if (std::string_view(attribute.name()).ends_with(":id")) return attribute.value();
  }
  return {};
}

}  // namespace

std::vector<XlsxSheet> read_xlsx(const std::filesystem::path& path) {
  const Package package(path);
  const std::string workbook_part = "xl/workbook.xml";
  if (!package.entry(workbook_part)) {
    throw ImportFailure(package.path() + ": not an .xlsx workbook (no xl/workbook.xml)");
  }
  pugi::xml_document workbook;
  package.load(workbook_part, workbook_part, workbook);
  const auto root = workbook.document_element();
  if (local_name(root.name()) != "workbook") {
    package.fail(workbook_part, std::string("not a workbook (root element <") + root.name() + ">)");
  }
  const std::string rels_part = "xl/_rels/workbook.xml.rels";
  const auto relationships = package.relationships(rels_part, "xl/");
  const auto shared = shared_strings(package, relationships);

  Budget budget;
  SheetReader reader(package, shared, budget);
  std::vector<XlsxSheet> sheets;
  for (const auto node : child(root, "sheets").children()) {
    if (local_name(node.name()) != "sheet") continue;
    std::string name = node.attribute("name").value();
    const auto id = relationship_id(node);
    const auto relationship = relationships.find(id);
    if (relationship == relationships.end()) {
      package.fail(workbook_part, "sheet \"" + name + "\" refers to relationship \"" + id +
                                      "\", which " + rels_part + " does not define");
    }
    if (!relationship->second.type.ends_with("/worksheet")) continue;  // a chart or dialog sheet
    auto rows = reader.read(relationship->second.part, name);
    sheets.push_back({std::move(name), std::move(rows)});
  }
  return sheets;
}

}  // namespace careerbot
