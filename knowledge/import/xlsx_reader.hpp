// Reads the cells of an .xlsx workbook (Office Open XML SpreadsheetML) as text:
// enough for the published BLS Employment Projections and OEWS workbooks.
// No formatting, formulas or dates are interpreted: a cell is the text a
// spreadsheet stores for it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace careerbot {

struct XlsxSheet {
  std::string name;  // as in xl/workbook.xml, e.g. "Table 1.2"
  // rows[0] is row 1, rows[i][0] column A. Missing rows and cells are "";
  // each row ends at its last non-empty cell and the sheet at its last row
  // with one, so trailing empty cells and rows are not kept.
  std::vector<std::vector<std::string>> rows;
};

// Every worksheet of the workbook at `path`, in workbook order (chart and
// dialog sheets are left out). Cell text is:
//   shared and inline strings: the text, rich-text runs concatenated, without
//     phonetic runs; surrounding whitespace kept only under xml:space="preserve";
//     _xHHHH_ escapes decoded;
//   numbers, formula results, errors, dates: the stored value as written
//     ("3712.8999999999996", "#N/A");
//   booleans: "TRUE" or "FALSE".
// Cells are placed by their r="B7" reference, or else after the previous cell
// of their row (a row without r follows the previous row).
// Throws ImportFailure naming the file and the part (and the cell, if any) when
// the file is not a readable workbook: not a zip, no xl/workbook.xml, a missing
// or garbled part, a cell beyond XFD1048576, a shared string that does not
// exist, or more cells or text than one workbook may fill (16,777,216 cells,
// gap fillers and rows included; 512 MiB of text).
std::vector<XlsxSheet> read_xlsx(const std::filesystem::path& path);

}  // namespace careerbot
