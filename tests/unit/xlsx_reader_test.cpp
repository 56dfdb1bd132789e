// Reading zip archives and .xlsx workbooks for the importer: the cells of the
// BLS workbooks come out as the text a spreadsheet shows, and every broken file
// is refused with a message naming the file and what is wrong. The fixtures in
// tests/data/xlsx are written by tests/support/make_xlsx_fixtures.py.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "import_error.hpp"
#include "xlsx_reader.hpp"
#include "zip_archive.hpp"

using careerbot::ImportFailure;
using careerbot::read_xlsx;
using careerbot::XlsxSheet;
using careerbot::ZipArchive;
using Row = std::vector<std::string>;

namespace {

std::string fixture(const std::string& name) {
  return std::string(CAREERBOT_TEST_DATA_DIR) + "/xlsx/" + name;
}

// The message of the ImportFailure `action` throws.
template <typename Action>
std::string failure(Action action) {
  try {
    action();
  } catch (const ImportFailure& error) {
    return error.what();
  }
  return "(no ImportFailure)";
}

std::string xlsx_failure(const std::string& name) {
  return failure([&] { read_xlsx(fixture(name)); });
}

std::vector<std::string> names_of(const std::vector<XlsxSheet>& sheets) {
  std::vector<std::string> names;
  names.reserve(sheets.size());
  for (const auto& sheet : sheets) names.push_back(sheet.name);
  return names;
}

const XlsxSheet& sheet_named(const std::vector<XlsxSheet>& sheets, const std::string& name) {
  const auto found = std::find_if(sheets.begin(), sheets.end(),
                                  [&](const XlsxSheet& sheet) { return sheet.name == name; });
  REQUIRE(found != sheets.end());
  return *found;
}

// Column name -> index, from a header row.
std::map<std::string, std::size_t> columns(const Row& header) {
  std::map<std::string, std::size_t> result;
  for (std::size_t i = 0; i < header.size(); ++i) result[header[i]] = i;
  return result;
}

}  // namespace

// ---- ZipArchive

TEST_CASE("a release zip lists its entries and finds files under the top folder", "[zip]") {
  const ZipArchive zip(fixture("release.zip"));
  CHECK(zip.path() == fixture("release.zip"));
  CHECK(zip.names() == Row{"db_29_3_text/", "db_29_3_text/Occupation Data.txt",
                           "db_29_3_text/extra/Occupation Data.txt", "db_29_3_text/Read Me.txt"});
  // Two entries share the base name: the shorter full name wins.
  CHECK(zip.find("Occupation Data.txt") == "db_29_3_text/Occupation Data.txt");
  CHECK(zip.find("Read Me.txt") == "db_29_3_text/Read Me.txt");
  CHECK(zip.find("occupation data.txt") == std::nullopt);  // case-sensitive
  CHECK(zip.find("db_29_3_text") == std::nullopt);         // directories are not files
  CHECK(zip.find("Task Statements.txt") == std::nullopt);
  CHECK(zip.find("") == std::nullopt);
  CHECK(zip.read(*zip.find("Occupation Data.txt")) ==
        "O*NET-SOC Code\tTitle\n29-1141.00\tRegistered Nurses\n");
  CHECK(zip.read("db_29_3_text/").empty());
}

TEST_CASE("a moved zip archive still reads", "[zip]") {
  ZipArchive first(fixture("release.zip"));
  ZipArchive second = std::move(first);
  CHECK(second.read("db_29_3_text/Read Me.txt") == "Test data.\n");
  ZipArchive third(fixture("broken/bomb.zip"));
  third = std::move(second);
  CHECK(third.names().size() == 4);
}

TEST_CASE("an entry that inflates beyond the limit is refused", "[zip]") {
  const std::string path = fixture("broken/bomb.zip");
  const ZipArchive zip(path);  // 1 MiB of zeros in about 1 KB
  CHECK(failure([&] { zip.read("zeros.bin", 64 << 10); }) ==
        path + ": zeros.bin: 1048576 bytes uncompressed, more than the limit of 65536 bytes");
  CHECK(failure([&] { zip.read("zeros.bin", (1 << 20) - 1); }) ==
        path + ": zeros.bin: 1048576 bytes uncompressed, more than the limit of 1048575 bytes");
  CHECK(zip.read("zeros.bin", 1 << 20) == std::string(1 << 20, '\0'));
  CHECK(zip.read("zeros.bin") == std::string(1 << 20, '\0'));
}

TEST_CASE("an entry whose header understates its size is refused while inflating", "[zip]") {
  const std::string path = fixture("broken/lying-size.zip");
  const ZipArchive zip(path);  // claims 1,000 bytes, inflates to 1 MiB
  CHECK(failure([&] { zip.read("zeros.bin", 64 << 10); }) ==
        path + ": zeros.bin: inflates to more than the limit of 65536 bytes");
  CHECK(failure([&] { zip.read("zeros.bin"); }) ==
        path + ": zeros.bin: inflates to 1048576 bytes, but the archive says 1000");
}

TEST_CASE("a corrupt or missing entry is named in the error", "[zip]") {
  const std::string path = fixture("broken/bad-crc.zip");
  const ZipArchive zip(path);
  CHECK(failure([&] { zip.read("hello.txt"); }) ==
        path + ": hello.txt: cannot inflate (CRC error)");
  CHECK(failure([&] { zip.read("Hello.txt"); }) == path + ": Hello.txt: no such entry");
}

TEST_CASE("a file that is not a zip archive is refused with the reason", "[zip]") {
  for (const auto* name : {"broken/not-a-zip.xlsx", "broken/truncated.xlsx"}) {
    const std::string path = fixture(name);
    CHECK(failure([&] { ZipArchive zip(path); }) ==
          path + ": not a zip archive (Not a zip archive)");
  }
  const std::string missing = fixture("no-such-file.zip");
  CHECK(failure([&] { ZipArchive zip(missing); }) == missing + ": cannot open (No such file)");
}

// ---- read_xlsx: the BLS workbooks

TEST_CASE("the Employment Projections workbook: sheets in order, Table 1.2 cell by cell",
          "[xlsx]") {
  const auto sheets = read_xlsx(fixture("ep-occupation.xlsx"));
  REQUIRE(names_of(sheets) == Row{"Table 1.1", "Table 1.2", "Table 1.3"});
  const auto& rows = sheet_named(sheets, "Table 1.2").rows;
  REQUIRE(rows.size() == 14);

  // Two title rows (the first in rich-text runs), then the published header.
  CHECK(rows[0] ==
        Row{"Table 1.2 Occupational projections, 2024–34, and worker characteristics, 2024"});
  CHECK(rows[1] == Row{"(Numbers in thousands)"});
  const Row header{"2024 National Employment Matrix title",
                   "2024 National Employment Matrix code",
                   "Occupation type",
                   "Employment, 2024",
                   "Employment, 2034",
                   "Employment change, numeric, 2024–34",
                   "Employment change, percent, 2024–34",
                   "Percent self employed, 2024",
                   "Occupational openings, 2024–34 annual average",
                   "Median annual wage, dollars, 2024[1]",
                   "Typical education needed for entry",
                   "Work experience in a related occupation",
                   "Typical on-the-job training needed to attain competency in the occupation"};
  const auto header_at = std::find_if(rows.begin(), rows.end(), [](const Row& row) {
    return !row.empty() && row[0] == "2024 National Employment Matrix title";
  });
  REQUIRE(header_at != rows.end());
  CHECK(header_at - rows.begin() == 2);
  CHECK(*header_at == header);

  CHECK(rows[3] == Row{"Total, all occupations", "00-0000", "Summary", "170105.3", "175313.9",
                       "5208.6", "3.1", "6.1", "18744.6", "49500", "—", "—", "—"});
  // Numbers are the stored text, float noise included.
  CHECK(rows[4] == Row{"Registered nurses", "29-1141", "Line item", "3505.3", "3712.8999999999996",
                       "207.6", "5.9", "0.6", "189.1", "93600", "Bachelor's degree", "None",
                       "None"});
  CHECK(rows[5] == Row{"Plumbers, pipefitters, and steamfitters", "47-2152", "Line item", "504.5",
                       "525.7", "21.2", "4.2", "10.3", "44", "62970",
                       "High school diploma or equivalent", "None", "Apprenticeship"});
  CHECK(rows[6][0] == "Software developers");
  CHECK(rows[6][1] == "15-1252");
  CHECK(rows[6][9] == "133080");
  CHECK(rows[7][1] == "27-2011");
  CHECK(rows[7][9] == "—");  // no annual wage for actors
  CHECK(rows[8][1] == "11-1011");
  CHECK(rows[8][4] == "206");
  CHECK(rows[8][5] == "-5.2");
  CHECK(rows[8][9] == ">=$239,200");
  CHECK(rows[8][11] == "5 years or more");

  // A blank row, then the footnotes, each in column A only.
  CHECK(rows[9].empty());
  CHECK(rows[10] == Row{"Footnotes:"});
  CHECK(rows[11].size() == 1);
  CHECK(rows[11][0].rfind("[1] Data are from the Occupational Employment and Wage Statistics", 0) ==
        0);
  CHECK(rows[13] ==
        Row{"Source: Employment Projections program, U.S. Bureau of Labor Statistics."});

  // The other tables are read too, each from its own sheet file.
  CHECK(sheet_named(sheets, "Table 1.1").rows.size() == 6);
  CHECK(sheet_named(sheets, "Table 1.1").rows[4] ==
        Row{"Management occupations", "11-0000", "12212.6", "12862.4", "649.8", "5.3"});
  CHECK(sheet_named(sheets, "Table 1.3").rows.back() ==
        Row{"Solar photovoltaic installers", "47-2231", "42.1"});
}

TEST_CASE("the OEWS national workbook: header in row 1, shared and inline strings", "[xlsx]") {
  const auto sheets = read_xlsx(fixture("oews-national.xlsx"));
  REQUIRE(names_of(sheets) == Row{"national_M2024_dl"});
  const auto& rows = sheets[0].rows;
  REQUIRE(rows.size() == 7);
  const Row header{"AREA",        "AREA_TITLE", "AREA_TYPE", "PRIM_STATE", "NAICS",
                   "NAICS_TITLE", "I_GROUP",    "OWN_CODE",  "OCC_CODE",   "OCC_TITLE",
                   "O_GROUP",     "TOT_EMP",    "EMP_PRSE",  "JOBS_1000",  "LOC_QUOTIENT",
                   "PCT_TOTAL",   "PCT_RPT",    "H_MEAN",    "A_MEAN",     "MEAN_PRSE",
                   "H_PCT10",     "H_PCT25",    "H_MEDIAN",  "H_PCT75",    "H_PCT90",
                   "A_PCT10",     "A_PCT25",    "A_MEDIAN",  "A_PCT75",    "A_PCT90",
                   "ANNUAL",      "HOURLY"};
  REQUIRE(rows[0] == header);
  const auto column = columns(rows[0]);
  const auto cell = [&](std::size_t row, const std::string& name) {
    const auto index = column.at(name);
    return index < rows[row].size() ? rows[row][index] : std::string();
  };

  CHECK(cell(1, "OCC_CODE") == "00-0000");
  CHECK(cell(1, "O_GROUP") == "total");
  CHECK(cell(1, "TOT_EMP") == "154186500");
  CHECK(cell(1, "H_MEDIAN") == "23.8");
  CHECK(rows[1].size() == 30);  // ANNUAL and HOURLY are empty: not kept

  // Registered nurses: shared code, inline title, numbers, gap columns filled.
  CHECK(cell(2, "AREA") == "99");
  CHECK(cell(2, "AREA_TITLE") == "U.S.");
  CHECK(cell(2, "NAICS") == "000000");
  CHECK(cell(2, "OCC_CODE") == "29-1141");
  CHECK(cell(2, "OCC_TITLE") == "Registered Nurses");
  CHECK(cell(2, "O_GROUP") == "detailed");
  CHECK(cell(2, "TOT_EMP") == "3282010");
  CHECK(rows[2][column.at("JOBS_1000")].empty());
  CHECK(rows[2][column.at("PCT_RPT")].empty());
  CHECK(cell(2, "H_MEDIAN") == "45");
  CHECK(cell(2, "A_MEDIAN") == "93600");

  CHECK(cell(3, "OCC_TITLE") == "Plumbers, Pipefitters, and Steamfitters");
  CHECK(cell(3, "A_MEDIAN") == "62970");
  CHECK(cell(4, "A_MEDIAN") == "133080");

  // Actors: hourly wages only; the annual ones are "*", HOURLY a boolean TRUE.
  CHECK(cell(5, "OCC_CODE") == "27-2011");
  CHECK(cell(5, "H_MEDIAN") == "23.33");
  CHECK(cell(5, "A_MEAN") == "*");
  CHECK(cell(5, "A_MEDIAN") == "*");
  REQUIRE(rows[5].size() == 32);
  CHECK(rows[5][column.at("ANNUAL")].empty());
  CHECK(rows[5][column.at("HOURLY")] == "TRUE");

  // Chief executives: wages at or above the top of the survey range are "#".
  CHECK(cell(6, "OCC_CODE") == "11-1011");
  CHECK(cell(6, "A_MEAN") == "262930");
  CHECK(cell(6, "A_MEDIAN") == "#");
  CHECK(cell(6, "A_PCT90") == "#");
  CHECK(cell(6, "A_PCT25") == "140020");
}

// ---- read_xlsx: every kind of cell

TEST_CASE("cells of every type come out as the text a spreadsheet shows", "[xlsx]") {
  const auto sheets = read_xlsx(fixture("edge-cases.xlsx"));
  // The chart sheet between "Prefixed" and "Far" is not a worksheet.
  REQUIRE(names_of(sheets) == Row{"Types", "Gaps", "Prefixed", "Far"});
  const auto& rows = sheets[0].rows;
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == Row{"TRUE", "FALSE", "#N/A", "ab", "1.5E-3", "2024-07-01T00:00:00",
                       "bold and plain"});  // boolean, error, formula, number, date, inline runs
  CHECK(rows[1][0] == "東京");              // the phonetic reading is not part of the text
  CHECK(rows[1][1] == "  padded  ");        // xml:space="preserve"
  CHECK(rows[1][2] == "trimmed");           // no xml:space: surrounding whitespace dropped
  CHECK(rows[1][3] == "line one\r\nline two");  // _x000D_
  CHECK(rows[1][4] == "_x0041_ stays, _xZZZZ_ too");
  CHECK(rows[1][5] == " ");
  CHECK(rows[1][6] == "rich shared");  // shared rich-text runs
  CHECK(rows[1].size() == 7);          // the formatted empty H2 is not kept
}

TEST_CASE("cells go where their reference says, or after the previous one", "[xlsx]") {
  const auto sheets = read_xlsx(fixture("edge-cases.xlsx"));
  CHECK(sheet_named(sheets, "Gaps").rows ==
        std::vector<Row>{
            {"a", "b", "", "d", "e"}, {"x"}, {}, {}, {"a5, written after C5", "", "c5"}});
  // Elements with a namespace prefix (x:row, x:c), reached through "../xl/./worksheets/...".
  CHECK(sheet_named(sheets, "Prefixed").rows == std::vector<Row>{{"prefixed", "2"}});
}

TEST_CASE("cells in the last column and the last row are read", "[xlsx]") {
  const auto sheets = read_xlsx(fixture("edge-cases.xlsx"));
  const auto& rows = sheet_named(sheets, "Far").rows;
  REQUIRE(rows.size() == 1048576);
  REQUIRE(rows[0].size() == 16384);
  CHECK(rows[0].front().empty());
  CHECK(rows[0].back() == "right");
  CHECK(rows[1].empty());
  CHECK(rows[1048574].empty());
  CHECK(rows.back() == Row{"bottom"});
}

// ---- read_xlsx: broken files

TEST_CASE("a broken workbook is refused, naming the file and the part", "[xlsx]") {
  const auto path = [](const std::string& name) { return fixture("broken/" + name); };
  CHECK(xlsx_failure("broken/not-a-zip.xlsx") ==
        path("not-a-zip.xlsx") + ": not a zip archive (Not a zip archive)");
  CHECK(xlsx_failure("broken/truncated.xlsx") ==
        path("truncated.xlsx") + ": not a zip archive (Not a zip archive)");
  CHECK(xlsx_failure("broken/no-workbook.xlsx") ==
        path("no-workbook.xlsx") + ": not an .xlsx workbook (no xl/workbook.xml)");
  CHECK(xlsx_failure("release.zip") ==
        fixture("release.zip") + ": not an .xlsx workbook (no xl/workbook.xml)");
  CHECK(xlsx_failure("broken/bad-xml.xlsx") ==
        path("bad-xml.xlsx") +
            ": xl/workbook.xml: not well-formed XML (Start-end tags mismatch at byte 263)");
  CHECK(xlsx_failure("broken/bad-sheet-xml.xlsx") ==
        path("bad-sheet-xml.xlsx") +
            ": xl/worksheets/sheet1.xml (sheet \"Data\"): not "
            "well-formed XML (Start-end tags mismatch at byte 179)");
  CHECK(xlsx_failure("broken/missing-sheet.xlsx") ==
        path("missing-sheet.xlsx") +
            ": xl/worksheets/sheet9.xml (sheet \"Gone\"): missing from the archive");
  CHECK(xlsx_failure("broken/bad-shared-string.xlsx") ==
        path("bad-shared-string.xlsx") +
            ": xl/worksheets/sheet1.xml (sheet \"Data\"): cell B1: shared string \"7\" does not "
            "exist (the workbook has 1 shared strings)");
}

TEST_CASE("a cell or row beyond XFD1048576 is refused, naming it", "[xlsx]") {
  const std::string sheet = ": xl/worksheets/sheet1.xml (sheet \"Data\"): ";
  CHECK(xlsx_failure("broken/bad-cell-ref.xlsx") ==
        fixture("broken/bad-cell-ref.xlsx") + sheet +
            "cell \"XFE1\": not a cell within A1:XFD1048576");
  CHECK(xlsx_failure("broken/bad-row.xlsx") ==
        fixture("broken/bad-row.xlsx") + sheet + "row \"1048577\": not a row within 1..1048576");
  CHECK(xlsx_failure("broken/row-after-last.xlsx") ==
        fixture("broken/row-after-last.xlsx") + sheet +
            "a row after row 1048576 is beyond the last row");
  CHECK(xlsx_failure("broken/too-many-columns.xlsx") ==
        fixture("broken/too-many-columns.xlsx") + sheet +
            "a cell after XFD3 is beyond the last column");
}

TEST_CASE("a sheet whose cells lie too far apart is refused before it is filled", "[xlsx]") {
  // One value at the end of each of 1,025 rows: 1,025 rows of 16,384 cells.
  CHECK(xlsx_failure("broken/sparse-bomb.xlsx") ==
        fixture("broken/sparse-bomb.xlsx") +
            ": xl/worksheets/sheet1.xml (sheet \"Data\"): 16794625 cells to fill; a workbook may "
            "fill 16777216 in all");
}
