#include "cli/list_sort.h"

#include <gtest/gtest.h>

namespace tend::cli {
namespace {

nlohmann::json Processes() {
  return nlohmann::json::array({{{"pm_id", 0},
                                 {"name", "web"},
                                 {"cpu", 5.0},
                                 {"memory", 300},
                                 {"restarts", 2},
                                 {"status", "online"},
                                 {"started_at", 3000}},
                                {{"pm_id", 1},
                                 {"name", "api"},
                                 {"cpu", 50.0},
                                 {"memory", 100},
                                 {"restarts", 0},
                                 {"status", "stopped"},
                                 {"started_at", 0}},
                                {{"pm_id", 2},
                                 {"name", "cron"},
                                 {"cpu", 20.0},
                                 {"memory", 200},
                                 {"restarts", 2},
                                 {"status", "online"},
                                 {"started_at", 1000}}});
}

std::vector<int> SortedIds(const std::string& spec) {
  auto sort = ParseListSort(spec);
  EXPECT_TRUE(sort.ok()) << sort.status().message();
  nlohmann::json list = Processes();
  SortProcesses(list, *sort);
  std::vector<int> ids;
  for (const auto& p : list)
    ids.push_back(p["pm_id"].get<int>());
  return ids;
}

TEST(ListSort, SortsByEachFieldEitherWayAndKeepsIdOrderOnTies) {
  EXPECT_EQ(SortedIds("id"), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(SortedIds("name"), (std::vector<int>{1, 2, 0}));
  EXPECT_EQ(SortedIds("name:desc"), (std::vector<int>{0, 2, 1}));
  EXPECT_EQ(SortedIds("cpu:desc"), (std::vector<int>{1, 2, 0}));
  EXPECT_EQ(SortedIds("mem"), (std::vector<int>{1, 2, 0}));
  EXPECT_EQ(SortedIds("restarts:desc"), (std::vector<int>{0, 2, 1}));
  EXPECT_EQ(SortedIds("uptime:desc"), (std::vector<int>{2, 0, 1}));  // longest running first
}

TEST(ListSort, RefusesAnUnknownFieldOrOrderNamingIt) {
  auto bad = ParseListSort("colour");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "--sort colour: no such field (id, name, pid, cpu, memory, restarts, uptime, status; "
            ":asc or :desc after it)");
  bad = ParseListSort("name:up");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "--sort name:up: the order is asc or desc, not 'up'");
}

}  // namespace
}  // namespace tend::cli
