// MonitModel: what the dashboard shows from the daemon's events, without a terminal.
#include "cli/monit/monit_model.h"

#include <gtest/gtest.h>

#include "cli/monit/monit_view.h"

namespace tend::cli {
namespace {

nlohmann::json Row(int id, const std::string& name, double cpu, uint64_t memory,
                   const std::string& ns = "default") {
  return {{"pm_id", id}, {"name", name},     {"namespace", ns}, {"status", "online"},
          {"cpu", cpu},  {"memory", memory}, {"restarts", id},  {"started_at", 1000}};
}

nlohmann::json Snapshot(std::vector<nlohmann::json> rows) {
  return {{"interval_ms", 1000},
          {"history_size", 3},
          {"host", {{"cores", {10.0, 90.0}}, {"usable_cpus", 1}}},
          {"processes", rows}};
}

std::vector<int> Ids(const MonitModel& model) {
  std::vector<int> ids;
  for (const MonitProcess* p : model.Visible())
    ids.push_back(p->id);
  return ids;
}

TEST(MonitModel, FiltersByNameOrNamespaceAndSorts) {
  MonitModel model;
  model.ApplySnapshot(
      Snapshot({Row(0, "api", 5, 300), Row(1, "worker", 50, 100, "jobs"), Row(2, "web", 20, 200)}),
      0);
  EXPECT_EQ(Ids(model), (std::vector<int>{0, 1, 2}));
  model.set_sort(MonitSort::kCpu);
  EXPECT_EQ(Ids(model), (std::vector<int>{1, 2, 0}));
  model.set_sort(MonitSort::kMemory);
  EXPECT_EQ(Ids(model), (std::vector<int>{0, 2, 1}));
  model.set_sort(MonitSort::kName);
  EXPECT_EQ(Ids(model), (std::vector<int>{0, 2, 1}));
  model.set_filter("jobs");
  EXPECT_EQ(Ids(model), (std::vector<int>{1}));
  EXPECT_EQ(model.Selected()->id, 1);  // the selection follows into what is shown
}

TEST(MonitModel, SamplesKeepHistoryDropDeletedProcessesAndMoveTheSelection) {
  MonitModel model;
  model.ApplySnapshot(Snapshot({Row(0, "api", 1, 1), Row(1, "web", 2, 2)}), 0);
  model.Move(1);
  EXPECT_EQ(model.Selected()->id, 1);
  for (double cpu : {10.0, 20.0, 30.0, 40.0})
    model.ApplySample({{"processes", {Row(0, "api", cpu, 1), Row(1, "web", cpu, 2)}}}, 5000);
  EXPECT_EQ(model.Visible()[0]->cpu_history, (std::deque<double>{20, 30, 40}));  // history_size 3
  model.ApplySample({{"processes", {Row(0, "api", 1, 1)}}}, 6000);               // web was deleted
  EXPECT_EQ(Ids(model), (std::vector<int>{0}));
  EXPECT_EQ(model.Selected()->id, 0);
  model.ApplyState(
      {{"pm_id", 0}, {"process", {{"pm_id", 0}, {"name", "api"}, {"status", "stopping"}}}});
  EXPECT_EQ(model.Selected()->status, "stopping");
  EXPECT_EQ(model.Selected()->memory, 1u);  // a state event carries no metrics: kept
}

TEST(MonitModel, LogLinesAreTheSelectedProcessesOnly) {
  MonitModel model;
  model.ClearLog(3);
  model.AddLogLine(3, "a");
  model.AddLogLine(4, "other");
  EXPECT_EQ(model.log_lines(), (std::deque<std::string>{"a"}));
  for (size_t i = 0; i < MonitModel::kLogLines + 10; ++i)
    model.AddLogLine(3, "x");
  EXPECT_EQ(model.log_lines().size(), MonitModel::kLogLines);
  model.ClearLog(4);
  EXPECT_TRUE(model.log_lines().empty());
}

TEST(MonitView, BarsAndSparklines) {
  EXPECT_EQ(Bar(50, 12, "50%"), "[|||||  50%]");
  EXPECT_EQ(Bar(150, 6, ""), "[||||]");
  EXPECT_EQ(Sparkline({0, 50, 100}, 5, 100, false), "   +@");  // right-aligned, newest last
  EXPECT_EQ(Sparkline({100}, 2, 100, true), " █");
}

TEST(MonitView, DetailsSayWhyItLastRestartedAndTheMemoryLimit) {
  MonitModel model;
  nlohmann::json row = Row(0, "api", 5, 100 << 20);
  row["restart_reasons"] = {{{"cause", "memory"}, {"detail", "312.4 MiB passed the limit"}}};
  row["max_memory_restart"] = 200 << 20;
  model.ApplySnapshot(Snapshot({row}), 0);
  EXPECT_EQ(DetailsLine(*model.Selected()),
            "api (id 0)  pid 0  restarts 0  last restart: memory: 312.4 MiB passed the limit  "
            "memory 100.0mb of 200.0mb (max_memory_restart)");
}

TEST(MonitView, ALogEventIsDrawnEscapedAndMarkedWhenFromStderr) {
  EXPECT_EQ(LogEventText(R"({"id":3,"event":{"pm_id":0,"stream":"out","text":"ready"}})"), "ready");
  EXPECT_EQ(LogEventText(R"({"id":3,"event":{"pm_id":0,"stream":"err","text":"bad\u001b[2J"}})"),
            "err| bad\\x1B[2J");
  EXPECT_EQ(LogEventText("not json"), "not json");
}

TEST(MonitView, SnapshotTextHoldsTheHostAndEveryShownProcess) {
  MonitModel model;
  model.ApplySnapshot(Snapshot({Row(0, "api", 5, 300), Row(1, "worker", 50, 100)}), 2000);
  const std::string text = SnapshotText(model, 100);
  EXPECT_NE(text.find("load "), std::string::npos) << text;
  EXPECT_NE(text.find("1  [|||"), std::string::npos) << text;  // core 1 at 90 %
  EXPECT_NE(text.find("2 cores (1 usable: cgroup or affinity)"), std::string::npos) << text;
  EXPECT_NE(text.find(" api "), std::string::npos) << text;
  EXPECT_NE(text.find(" worker "), std::string::npos) << text;
}

}  // namespace
}  // namespace tend::cli
