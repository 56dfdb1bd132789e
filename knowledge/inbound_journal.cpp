#include "inbound_journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

namespace careerbot {
namespace {

constexpr char kMagic[8] = {'c', 'b', 'j', 'r', 'n', 'l', '0', '1'};
// magic, crc (of what follows it, to the batch's end), payload length, seq,
// message count, reserved.
constexpr std::size_t kHeader = 8 + 4 + 4 + 8 + 4 + 4;
constexpr std::size_t kCrcFrom = 12;
constexpr std::size_t kAllocationStep = std::size_t{1} << 20;

std::size_t round_up(std::size_t n, std::size_t to) {
  return (n + to - 1) / to * to;
}

[[noreturn]] void fail(const std::string& what) {
  int error = errno;
  throw StoreError(
      "inbound journal: " + what + ": " + std::strerror(error),
      error == ENOSPC || error == EDQUOT ? StoreError::Kind::full : StoreError::Kind::failed);
}

// A batch whose CRC matched yet does not decode.
struct Undecodable {};

void write_all(int fd, const char* data, std::size_t size, std::size_t offset) {
  while (size > 0) {
    ssize_t n = ::pwrite(fd, data, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("write");
    data += n;
    size -= static_cast<std::size_t>(n);
    offset += static_cast<std::size_t>(n);
  }
}

template <typename T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

void put_text(std::string& out, const std::string& text) {
  put(out, static_cast<std::uint32_t>(text.size()));
  out += text;
}

// Reads what `put` wrote; a batch whose CRC matched yet does not decode is
// refused as a whole.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  template <typename T>
  T get() {
    need(sizeof(T));
    T value;
    std::memcpy(&value, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }
  std::string text() {
    auto size = get<std::uint32_t>();
    need(size);
    std::string value(bytes_.substr(at_, size));
    at_ += size;
    return value;
  }

 private:
  void need(std::size_t size) const {
    if (bytes_.size() - at_ < size) throw Undecodable{};
  }

  std::string_view bytes_;
  std::size_t at_ = 0;
};

void encode(std::string& out, const Store::Inbound& inbound) {
  put_text(out, inbound.message.channel);
  put_text(out, inbound.message.message_id);
  put_text(out, inbound.message.conversation);
  put(out, static_cast<std::uint32_t>(inbound.entries.size()));
  for (const auto& e : inbound.entries) {
    put_text(out, e.channel);
    put_text(out, e.rate_key);
    put_text(out, e.payload);
    put(out, static_cast<std::int64_t>(e.next_attempt_ms));
  }
}

Store::Inbound decode(Reader& in) {
  Store::Inbound inbound;
  inbound.message.channel = in.text();
  inbound.message.message_id = in.text();
  inbound.message.conversation = in.text();
  auto entries = in.get<std::uint32_t>();
  for (std::uint32_t i = 0; i < entries; ++i) {
    OutboxEntry e;
    e.channel = in.text();
    e.message_id = inbound.message.message_id;
    e.rate_key = in.text();
    e.payload = in.text();
    e.next_attempt_ms = in.get<std::int64_t>();
    inbound.entries.push_back(std::move(e));
  }
  return inbound;
}

std::uint32_t crc_of(std::string_view bytes) {
  return static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

// The batch whose header starts at `block`, if it is whole.
std::optional<InboundJournal::Batch> read_batch(std::string_view file, std::size_t block) {
  std::string_view rest = file.substr(block);
  if (rest.size() < kHeader || std::memcmp(rest.data(), kMagic, sizeof kMagic) != 0)
    return std::nullopt;
  Reader header(rest.substr(8, kHeader - 8));
  auto crc = header.get<std::uint32_t>();
  auto length = header.get<std::uint32_t>();
  auto seq = header.get<std::uint64_t>();
  auto count = header.get<std::uint32_t>();
  if (rest.size() - kHeader < length) return std::nullopt;
  if (crc_of(rest.substr(kCrcFrom, kHeader - kCrcFrom + length)) != crc) return std::nullopt;
  InboundJournal::Batch batch{{seq, block, round_up(kHeader + length, InboundJournal::kBlock)}, {}};
  Reader payload(rest.substr(kHeader, length));
  for (std::uint32_t i = 0; i < count; ++i) batch.messages.push_back(decode(payload));
  return batch;
}

}  // namespace

InboundJournal::InboundJournal(std::filesystem::path file, std::size_t capacity)
    : file_(std::move(file)), capacity_(round_up(std::max(capacity, kBlock), kBlock)) {
  fd_ = ::open(file_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) fail("cannot open " + file_.string());
  auto give_up = [this](const std::string& what) {
    int error = errno;
    ::close(fd_);
    fd_ = -1;
    errno = error;
    fail(what);
  };
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0)
    give_up(file_.string() + " is in use by another process");
  struct stat info {};
  if (::fstat(fd_, &info) != 0) give_up("stat " + file_.string());
  allocated_ = static_cast<std::size_t>(info.st_size);
  capacity_ = std::max(capacity_, allocated_ / kBlock * kBlock);
}

InboundJournal::~InboundJournal() {
  if (fd_ >= 0) ::close(fd_);
}

std::vector<InboundJournal::Batch> InboundJournal::recover() {
  std::string file(allocated_, '\0');
  std::size_t got = 0;
  while (got < file.size()) {
    ssize_t n = ::pread(fd_, file.data() + got, file.size() - got, static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("read");
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  file.resize(got);
  std::vector<Batch> batches;
  for (std::size_t block = 0; block < file.size();) {
    std::optional<Batch> batch;
    try {
      batch = read_batch(file, block);
    } catch (const Undecodable&) {
      batch.reset();  // not a batch
    }
    if (!batch) {
      block += kBlock;
      continue;
    }
    block += batch->extent.length;
    batches.push_back(std::move(*batch));
  }
  std::sort(batches.begin(), batches.end(),
            [](const Batch& a, const Batch& b) { return a.extent.seq < b.extent.seq; });
  std::lock_guard lock(mutex_);
  live_.clear();
  for (const auto& batch : batches) live_.push_back(batch.extent);
  if (!batches.empty()) {
    next_seq_ = batches.back().extent.seq + 1;
    head_ = batches.back().extent.offset + batches.back().extent.length;
  }
  return batches;
}

std::size_t InboundJournal::encoded_size(const std::vector<Store::Inbound>& messages) {
  std::size_t size = kHeader;
  for (const auto& m : messages) size += message_bytes(m);
  return round_up(size, kBlock);
}

std::size_t InboundJournal::message_bytes(const Store::Inbound& inbound) {
  const auto& m = inbound.message;
  std::size_t size = 12 + m.channel.size() + m.message_id.size() + m.conversation.size() + 4;
  for (const auto& e : inbound.entries)
    size += 12 + e.channel.size() + e.rate_key.size() + e.payload.size() + 8;
  return size;
}

std::optional<std::size_t> InboundJournal::place(std::size_t length) const {
  if (length > capacity_) return std::nullopt;
  if (live_.empty()) return head_ + length <= capacity_ ? head_ : 0;
  std::size_t tail = live_.front().offset;
  if (head_ > tail) {  // in use: [tail, head)
    if (head_ + length <= capacity_) return head_;
    if (length <= tail) return 0;
    return std::nullopt;
  }
  // Wrapped (in use: [tail, end) and [0, head)), or full when head == tail.
  if (head_ < tail && head_ + length <= tail) return head_;
  return std::nullopt;
}

void InboundJournal::allocate_up_to(std::size_t end) {
  if (end <= allocated_) return;
  std::size_t to = std::min(capacity_, round_up(end, kAllocationStep));
  const std::string zeros(std::min(to - allocated_, kAllocationStep), '\0');
  while (allocated_ < to) {
    std::size_t n = std::min(zeros.size(), to - allocated_);
    write_all(fd_, zeros.data(), n, allocated_);
    allocated_ += n;
  }
}

std::optional<InboundJournal::Extent> InboundJournal::append(
    const std::vector<Store::Inbound>& messages) {
  std::string block;
  block.reserve(encoded_size(messages));
  block.append(kMagic, sizeof kMagic);
  block.append(8, '\0');  // crc and length, once known
  Extent extent;
  {
    std::lock_guard lock(mutex_);
    extent.seq = next_seq_;
  }
  put(block, extent.seq);
  put(block, static_cast<std::uint32_t>(messages.size()));
  put(block, std::uint32_t{0});
  for (const auto& m : messages) encode(block, m);
  auto length = static_cast<std::uint32_t>(block.size() - kHeader);
  std::memcpy(block.data() + 12, &length, sizeof length);
  std::uint32_t crc = crc_of(std::string_view(block).substr(kCrcFrom));
  std::memcpy(block.data() + 8, &crc, sizeof crc);
  block.resize(round_up(block.size(), kBlock), '\0');
  extent.length = block.size();
  {
    std::lock_guard lock(mutex_);
    auto offset = place(extent.length);
    if (!offset) return std::nullopt;
    extent.offset = *offset;
  }
  // Outside the lock: release only wipes batches that are live, never this space.
  allocate_up_to(extent.offset + extent.length);
  write_all(fd_, block.data(), block.size(), extent.offset);
  if (::fdatasync(fd_) != 0) fail("fdatasync");
  std::lock_guard lock(mutex_);
  live_.push_back(extent);
  head_ = extent.offset + extent.length;
  next_seq_ = extent.seq + 1;
  return extent;
}

void InboundJournal::release(std::uint64_t seq) {
  std::vector<Extent> done;
  {
    std::lock_guard lock(mutex_);
    for (const auto& extent : live_) {
      if (extent.seq > seq) break;
      done.push_back(extent);
    }
  }
  // Wiped before the space is free: a new batch written there is not wiped.
  // The space is free even when wiping fails (the caller hears of it).
  std::exception_ptr failed;
  try {
    std::string zeros;
    for (const auto& extent : done) {
      zeros.assign(extent.length, '\0');
      write_all(fd_, zeros.data(), zeros.size(), extent.offset);
    }
  } catch (const StoreError&) {
    failed = std::current_exception();
  }
  {
    std::lock_guard lock(mutex_);
    live_.erase(live_.begin(), live_.begin() + static_cast<std::ptrdiff_t>(done.size()));
  }
  if (failed) std::rethrow_exception(failed);
}

}  // namespace careerbot
