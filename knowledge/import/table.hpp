// A table of text cells as a publisher's file holds it (tab- or
// comma-separated text, or one worksheet of a workbook), and the one way the
// readers walk it: find the header row by column names, then visit each data
// row with the wanted columns picked out. Every failure names the file and
// the line (or sheet row).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "import_error.hpp"

namespace careerbot {

// A column the reader needs, by the names publishers have given it. Names are
// compared after normalising both sides (case, white space, en dashes, footnote
// marks such as "[1]"); '#' in an accepted name stands for any run of digits,
// so "Employment change, percent, #-#" names the column in every release.
struct Column {
  std::string_view name;                  // what messages call it
  std::vector<std::string_view> headers;  // accepted header texts
  bool optional = false;                  // absent: the row reads ""
};

class Table;

// One data row: the wanted columns, in the order they were asked for.
class Row {
 public:
  std::string_view operator[](std::size_t column) const { return values_[column]; }
  [[noreturn]] void fail(const std::string& reason) const;
  double number(std::size_t column) const;
  int integer(std::size_t column) const;

 private:
  friend class Table;
  Row(const Table& table, const std::vector<Column>& columns);
  const Table& table_;
  const std::vector<Column>& columns_;
  std::vector<std::string_view> values_;
  std::size_t row_ = 0;
};

class Table {
 public:
  enum class Kind { text, sheet };  // text files count lines, sheets rows

  Table(std::string source, Kind kind) : source_(std::move(source)), kind_(kind) {}

  // Adds one record; `position` is its line (text) or row (sheet) number.
  void add(std::vector<std::string> cells, std::size_t position);

  const std::string& source() const { return source_; }
  // "file: line 7" or "workbook [Table 1.2]: row 7".
  std::string where(std::size_t row) const;
  // True when some row among the first few holds every column.
  bool has_columns(const std::vector<Column>& columns) const;

  // Calls on_row(const Row&) for each non-blank row below the header.
  template <typename OnRow>
  void for_each(const std::vector<Column>& columns, OnRow&& on_row) const {
    std::size_t header = 0;
    auto indices = locate(columns, header);
    Row row(*this, columns);
    for (std::size_t r = header + 1; r < cells_.size(); ++r) {
      if (!fill(row, r, indices)) continue;
      on_row(static_cast<const Row&>(row));
    }
  }

 private:
  friend class Row;
  std::vector<std::size_t> locate(const std::vector<Column>& columns, std::size_t& header) const;
  bool fill(Row& row, std::size_t r, const std::vector<std::size_t>& indices) const;

  std::string source_;
  Kind kind_;
  std::vector<std::vector<std::string>> cells_;
  std::vector<std::size_t> positions_;
};

// Tab-separated text with a header row (CRLF and a byte order mark are fine).
Table parse_tsv(std::string source, std::string_view text);
// RFC 4180 comma-separated text: quoted fields may hold commas, doubled quotes
// and line breaks.
Table parse_csv(std::string source, std::string_view text);
// Reads a table from a file, by its extension: .csv, .xlsx, else tab-separated.
// For a workbook, the first sheet that has every column in `columns` (the
// published workbooks hold several tables).
Table read_table(const std::string& path, const std::vector<Column>& columns);

}  // namespace careerbot
