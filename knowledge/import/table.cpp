#include "table.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fields.hpp"
#include "xlsx_reader.hpp"

namespace careerbot {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kHeaderSearchRows = 30;
constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);

// "Median annual wage, dollars, 2024[1]" -> "median annual wage, dollars, 2024".
std::string header_key(std::string_view text) {
  std::string out;
  bool space = false;
  int bracket = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '[') ++bracket;
    if (bracket > 0) {
      if (c == ']') --bracket;
      continue;
    }
    if (text.compare(i, 3, "\xE2\x80\x93") == 0 || text.compare(i, 3, "\xE2\x80\x94") == 0) {
      c = '-';  // en and em dashes
      i += 2;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += fields::ascii_lower(c);
  }
  return out;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A header key against an accepted name, where '#' stands for a run of digits.
bool key_matches(std::string_view pattern, std::string_view key) {
  std::size_t k = 0;
  for (char p : pattern) {
    if (p == '#') {
      if (k >= key.size() || !is_digit(key[k])) return false;
      while (k < key.size() && is_digit(key[k])) ++k;
    } else if (k >= key.size() || key[k++] != p) {
      return false;
    }
  }
  return k == key.size();
}

bool matches(const Column& column, const std::string& key) {
  return std::any_of(column.headers.begin(), column.headers.end(),
                     [&](std::string_view h) { return key_matches(header_key(h), key); });
}

bool blank(const std::vector<std::string>& record) {
  return std::all_of(record.begin(), record.end(),
                     [](const std::string& cell) { return fields::trim(cell).empty(); });
}

std::string read_file(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    throw ImportFailure(path.string() + ": cannot read the file (missing or not a regular file)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ImportFailure(path.string() + ": cannot open the file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw ImportFailure(path.string() + ": error while reading the file");
  return std::move(buffer).str();
}

std::string_view without_bom(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  return text;
}

}  // namespace

Row::Row(const Table& table, const std::vector<Column>& columns)
    : table_(table), columns_(columns), values_(columns.size()) {}

void Row::fail(const std::string& reason) const {
  throw ImportFailure(table_.where(row_) + ": " + reason);
}

double Row::number(std::size_t column) const {
  auto value = fields::parse_double(values_[column]);
  if (!value) {
    fail("column '" + std::string(columns_[column].name) + "' should be a number, not '" +
         std::string(values_[column]) + "'");
  }
  return *value;
}

int Row::integer(std::size_t column) const {
  auto value = fields::parse_int(values_[column]);
  if (!value) {
    fail("column '" + std::string(columns_[column].name) + "' should be a whole number, not '" +
         std::string(values_[column]) + "'");
  }
  return *value;
}

void Table::add(std::vector<std::string> cells, std::size_t position) {
  cells_.push_back(std::move(cells));
  positions_.push_back(position);
}

std::string Table::where(std::size_t row) const {
  std::size_t position = row < positions_.size() ? positions_[row] : row + 1;
  return source_ + (kind_ == Kind::text ? ": line " : ": row ") + std::to_string(position);
}

bool Table::has_columns(const std::vector<Column>& columns) const {
  try {
    std::size_t header = 0;
    locate(columns, header);
    return true;
  } catch (const ImportFailure&) {
    return false;
  }
}

std::vector<std::size_t> Table::locate(const std::vector<Column>& columns,
                                       std::size_t& header) const {
  std::size_t best_row = cells_.size();
  std::size_t best_found = 0;
  std::string first_missing;
  for (std::size_t r = 0; r < cells_.size() && r < kHeaderSearchRows; ++r) {
    if (blank(cells_[r])) continue;
    std::vector<std::string> keys;
    for (const auto& cell : cells_[r]) keys.push_back(header_key(cell));
    std::vector<std::size_t> indices;
    std::string missing;
    for (const auto& column : columns) {
      auto it = std::find_if(keys.begin(), keys.end(),
                             [&](const std::string& key) { return matches(column, key); });
      if (it == keys.end()) {
        if (column.optional) {
          indices.push_back(kAbsent);
        } else if (missing.empty()) {
          missing = column.name;
        }
        continue;
      }
      indices.push_back(static_cast<std::size_t>(it - keys.begin()));
    }
    if (missing.empty()) {
      header = r;
      return indices;
    }
    if (best_row == cells_.size() || indices.size() > best_found) {
      best_row = r;
      best_found = indices.size();
      first_missing = missing;
    }
    if (kind_ == Kind::text) break;  // text files have their header on the first line
  }
  if (best_row == cells_.size()) {
    throw ImportFailure(source_ + ": " + (kind_ == Kind::text ? "line 1" : "row 1") +
                        ": expected a header row, found none");
  }
  throw ImportFailure(where(best_row) + ": the header has no column '" + first_missing + "'");
}

bool Table::fill(Row& row, std::size_t r, const std::vector<std::size_t>& indices) const {
  const auto& record = cells_[r];
  if (blank(record)) return false;
  std::size_t needed = 0;
  for (std::size_t index : indices) {
    if (index != kAbsent) needed = std::max(needed, index + 1);
  }
  if (record.size() < needed && kind_ == Kind::text) {
    throw ImportFailure(where(r) + ": " + std::to_string(record.size()) +
                        " field(s), expected at least " + std::to_string(needed));
  }
  row.row_ = r;
  for (std::size_t i = 0; i < indices.size(); ++i) {
    row.values_[i] =
        indices[i] < record.size() ? fields::trim(record[indices[i]]) : "";  // kAbsent too
  }
  return true;
}

Table parse_tsv(std::string source, std::string_view text) {
  Table table(std::move(source), Table::Kind::text);
  std::string_view rest = without_bom(text);
  std::size_t line_number = 0;
  while (!rest.empty()) {
    std::size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_number;
    std::vector<std::string> cells;
    std::size_t start = 0;
    while (true) {
      std::size_t tab = line.find('\t', start);
      cells.emplace_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    table.add(std::move(cells), line_number);
  }
  return table;
}

Table parse_csv(std::string source, std::string_view input) {
  Table table(std::move(source), Table::Kind::text);
  const std::string_view text = without_bom(input);
  const std::size_t n = text.size();
  std::size_t pos = 0;
  std::size_t line_number = 1;
  while (pos < n) {
    const std::size_t first_line = line_number;
    std::vector<std::string> record;
    while (true) {
      std::string field;
      if (pos < n && text[pos] == '"') {
        ++pos;
        while (true) {
          if (pos >= n) {
            throw ImportFailure(table.source() + ": line " + std::to_string(first_line) +
                                ": a quoted field is not closed");
          }
          char c = text[pos];
          if (c == '"' && pos + 1 < n && text[pos + 1] == '"') {
            field += '"';
            pos += 2;
            continue;
          }
          ++pos;
          if (c == '"') break;
          if (c == '\n') ++line_number;
          field += c;
        }
        if (pos < n && text[pos] == '\r') ++pos;
        if (pos < n && text[pos] != ',' && text[pos] != '\n') {
          throw ImportFailure(table.source() + ": line " + std::to_string(line_number) +
                              ": unexpected text after a quoted field");
        }
      } else {
        while (pos < n && text[pos] != ',' && text[pos] != '\n') field += text[pos++];
        if (!field.empty() && field.back() == '\r') field.pop_back();
      }
      record.push_back(std::move(field));
      if (pos >= n) break;
      if (text[pos++] == ',') continue;
      ++line_number;  // '\n'
      break;
    }
    table.add(std::move(record), first_line);
  }
  return table;
}

Table read_table(const std::string& path, const std::vector<Column>& columns) {
  std::string extension = fs::path(path).extension().string();
  for (char& c : extension) c = fields::ascii_lower(c);
  if (extension == ".xlsx") {
    auto sheets = read_xlsx(path);
    for (auto& sheet : sheets) {
      Table table(path + " [" + sheet.name + "]", Table::Kind::sheet);
      for (std::size_t r = 0; r < sheet.rows.size(); ++r)
        table.add(std::move(sheet.rows[r]), r + 1);
      if (table.has_columns(columns)) return table;
    }
    std::string wanted;
    for (const auto& column : columns)
      if (!column.optional)
        wanted += (wanted.empty() ? "'" : ", '") + std::string(column.name) + "'";
    throw ImportFailure(path + ": no worksheet has the columns " + wanted);
  }
  std::string text = read_file(path);
  return extension == ".csv" ? parse_csv(path, text) : parse_tsv(path, text);
}

}  // namespace careerbot
