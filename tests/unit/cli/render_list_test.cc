#include "cli/render_list.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/render_text.h"
#include "tests/support/text_lines.h"
#include "tests/unit/cli/sample_processes.h"

namespace tend::cli {
namespace {

using nlohmann::json;
using testing::kNowMs;
using testing::SampleProcess;

using test::SplitLines;

std::vector<std::string> Fields(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  for (std::string f; in >> f;)
    fields.push_back(f);
  return fields;
}

// Header cells of a boxed table ("│ id │ name │ ..."), trimmed.
std::vector<std::string> BoxHeaders(const std::string& table) {
  std::vector<std::string> headers;
  std::string line = StripAnsi(SplitLines(table).at(1));
  size_t pos = 0;
  const std::string bar = "│";
  while ((pos = line.find(bar, pos)) != std::string::npos) {
    const size_t next = line.find(bar, pos + bar.size());
    if (next == std::string::npos) break;
    headers.push_back(Fields(line.substr(pos + bar.size(), next - pos - bar.size())).at(0));
    pos = next;
  }
  return headers;
}

json MixedList() {
  json list = json::array();
  list.push_back(SampleProcess(0, "api"));
  list.push_back(SampleProcess(1, "worker", "stopped"));
  list.push_back(SampleProcess(2, "cron job", "waiting restart"));
  list.push_back(SampleProcess(3, "broken", "errored"));
  list.push_back(SampleProcess(4, "boot", "launching"));
  return list;
}

const TerminalInfo kPipe{false, kUnlimitedColumns, false};
const TerminalInfo kTty80{true, 80, false};

TEST(RenderProcessTable, PlainHasNoColourNoBoxAndOneHeaderLine) {
  const std::string out = RenderProcessTable(MixedList(), kPipe, kNowMs);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  for (const char* box : {"│", "┌", "─", "└", "├"})
    EXPECT_EQ(out.find(box), std::string::npos) << box;
  const auto lines = SplitLines(out);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(Fields(lines[0]),
            (std::vector<std::string>{"id", "name", "namespace", "mode", "pid", "uptime",
                                      "restarts", "status", "cpu", "mem", "user"}));
}

TEST(RenderProcessTable, PlainRowsAreAwkable) {
  const auto lines = SplitLines(RenderProcessTable(MixedList(), kPipe, kNowMs));
  const std::vector<std::string> statuses = {"online", "stopped", "waiting_restart", "errored",
                                             "launching"};
  const size_t status_at = lines[0].find("status");
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto fields = Fields(lines[i]);
    ASSERT_EQ(fields.size(), 11u) << lines[i];
    EXPECT_EQ(fields[7], statuses[i - 1]);  // awk '{print $8}'
    EXPECT_EQ(lines[i].find(statuses[i - 1]), status_at) << "columns are aligned";
  }
  EXPECT_EQ(Fields(lines[3])[1], "cron_job");
  EXPECT_EQ(Fields(lines[1]),
            (std::vector<std::string>{"0", "api", "default", "fork", "4000", "2h", "3", "online",
                                      "12.5%", "34.5mb", "deploy"}));
  EXPECT_EQ(Fields(lines[2])[5], "0") << "a stopped process has no uptime";
}

TEST(RenderProcessTable, TtyDrawsABoxWithTheRestartsSymbol) {
  const std::string out = RenderProcessTable(MixedList(), kTty80, kNowMs);
  const auto lines = SplitLines(out);
  EXPECT_EQ(lines.front().rfind("┌", 0), 0u);
  EXPECT_EQ(lines.back().rfind("└", 0), 0u);
  EXPECT_NE(out.find("↺"), std::string::npos);
  EXPECT_EQ(out.find("restarts"), std::string::npos);
  EXPECT_NE(out.find("waiting restart"), std::string::npos);
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << "colour is off";
}

TEST(RenderProcessTable, ColoursStatusOnlyWhenColourIsOn) {
  const std::string out = RenderProcessTable(MixedList(), {true, 120, true}, kNowMs);
  EXPECT_NE(out.find("\x1b[32monline\x1b[0m"), std::string::npos);
  EXPECT_NE(out.find("\x1b[90mstopped\x1b[0m"), std::string::npos);
  EXPECT_NE(out.find("\x1b[31merrored\x1b[0m"), std::string::npos);
  EXPECT_NE(out.find("\x1b[33mwaiting restart\x1b[0m"), std::string::npos);
  EXPECT_NE(out.find("\x1b[36mlaunching\x1b[0m"), std::string::npos);
  // Colour never changes the layout.
  EXPECT_EQ(StripAnsi(out), RenderProcessTable(MixedList(), {true, 120, false}, kNowMs));
}

TEST(RenderProcessTable, NoLineIsWiderThanTheTerminal) {
  json list = MixedList();
  list.push_back(SampleProcess(5, std::string(70, 'n') + "-service"));
  list.push_back(SampleProcess(6, "日本語のサービス名前"));
  for (bool tty : {true, false}) {
    for (bool color : {true, false}) {
      for (int width : {20, 40, 60, 80, 120}) {
        const std::string out = RenderProcessTable(list, {tty, width, color}, kNowMs);
        for (const auto& line : SplitLines(out)) {
          EXPECT_LE(DisplayWidth(StripAnsi(line)), width)
              << "tty=" << tty << " width=" << width << ": " << line;
        }
      }
    }
  }
}

TEST(RenderProcessTable, DropsLowPriorityColumnsFirst) {
  const std::vector<std::string> drop_order = {"user",   "namespace", "mode", "pid",
                                               "uptime", "cpu",       "mem",  "↺"};
  json list = MixedList();
  size_t previously_dropped = 0;
  // 31 = the essentials: id, a 4-column name and "waiting restart", boxed.
  for (int width = 140; width >= 31; --width) {
    const auto headers = BoxHeaders(RenderProcessTable(list, {true, width, false}, kNowMs));
    const std::set<std::string> shown(headers.begin(), headers.end());
    for (const char* essential : {"id", "name", "status"})
      EXPECT_TRUE(shown.count(essential)) << essential << " at width " << width;
    size_t dropped = 0;
    while (dropped < drop_order.size() && !shown.count(drop_order[dropped]))
      ++dropped;
    for (size_t k = dropped; k < drop_order.size(); ++k) {
      EXPECT_TRUE(shown.count(drop_order[k]))
          << drop_order[k] << " gone before " << drop_order[dropped] << " at width " << width;
    }
    EXPECT_GE(dropped, previously_dropped) << "narrower never shows more columns";
    previously_dropped = dropped;
  }
  EXPECT_EQ(previously_dropped, drop_order.size()) << "at 31 columns only essentials remain";
  EXPECT_EQ(BoxHeaders(RenderProcessTable(list, {true, 140, false}, kNowMs)).size(), 11u);
}

TEST(RenderProcessTable, TruncatesALongNameWithAnEllipsis) {
  const std::string name = "payments-reconciliation-nightly-batch-processor";
  json list = json::array({SampleProcess(0, name)});
  const std::string narrow = RenderProcessTable(list, {true, 60, false}, kNowMs);
  EXPECT_EQ(narrow.find(name), std::string::npos);
  EXPECT_NE(narrow.find("│ payments-reconcil"), std::string::npos) << narrow;
  EXPECT_NE(narrow.find("… │"), std::string::npos) << narrow;
  EXPECT_NE(RenderProcessTable(list, kPipe, kNowMs).find(name), std::string::npos)
      << "an unlimited pipe never truncates";
}

TEST(RenderProcessTable, ControlCharactersInNamesCannotReachTheTerminal) {
  json list = json::array({SampleProcess(0, "evil\x1b[2J\nname")});
  const std::string out = RenderProcessTable(list, kTty80, kNowMs);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_NE(out.find("evil\\x1B[2J\\x0Aname"), std::string::npos);
}

TEST(RenderProcessTable, EmptyListIsFriendlyOnATerminalAndAHeaderInAPipe) {
  const std::string tty = RenderProcessTable(json::array(), kTty80, kNowMs);
  EXPECT_NE(tty.find("tend start"), std::string::npos);
  const auto plain = SplitLines(RenderProcessTable(json::array(), kPipe, kNowMs));
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(Fields(plain[0]).at(7), "status");
}

TEST(RenderProcessTable, ToleratesMissingAndMistypedFields) {
  json list = json::array({json::object(), json{{"name", 42}, {"pm_id", "x"}}, nullptr});
  const auto lines = SplitLines(RenderProcessTable(list, kPipe, kNowMs));
  ASSERT_EQ(lines.size(), 4u);
  for (size_t i = 1; i < lines.size(); ++i)
    EXPECT_EQ(Fields(lines[i]).size(), 11u) << lines[i];
  EXPECT_EQ(SplitLines(RenderProcessTable(json("not a list"), kPipe, kNowMs)).size(), 1u);
}

}  // namespace
}  // namespace tend::cli
