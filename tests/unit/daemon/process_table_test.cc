// ProcessTable's targets, the /regex/ ones above all: a name as long as a resurrected
// dump of an older tend may hold, and patterns that backtrack, answer at once.
#include "daemon/supervise/process_table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/daemon/fake_clock.h"

namespace tend {
namespace {

class ProcessTableTest : public ::testing::Test {
 protected:
  ProcessTableTest() : table_(Context()) {}

  ProcessContext Context() {
    ProcessContext context;
    context.clock = &clock_;  // the only seam a process that never starts touches
    return context;
  }

  void Add(const std::string& name) {
    AppSpec spec;
    spec.name = name;
    spec.script = "/bin/true";
    table_.Add(spec, 0);
  }

  std::vector<int> Ids(const std::string& target) {
    auto found = table_.Resolve({target});
    EXPECT_TRUE(found.ok()) << found.status().message();
    std::vector<int> ids;
    if (found.ok()) {
      for (auto* p : *found)
        ids.push_back(p->id());
    }
    return ids;
  }

  fake::FakeClock clock_;
  ProcessTable table_;
};

TEST_F(ProcessTableTest, RegexTargetsMatchAnywhereInTheName) {
  Add("worker-1");
  Add("worker-2");
  Add("api");
  EXPECT_EQ(Ids("/^worker-/"), (std::vector<int>{0, 1}));
  EXPECT_EQ(Ids("/p/"), (std::vector<int>{2}));
  EXPECT_EQ(Ids("/\\d$/"), (std::vector<int>{0, 1}));
  EXPECT_EQ(table_.Resolve({"/^nothing/"}).status().code(), Code::kNotFound);
}

// Names are found through an index kept with the table (a start of 1,000 apps scanned the
// whole table once per app): it follows adds, removals, a re-add under a known id, and a
// spec replaced under a name that stays.
TEST_F(ProcessTableTest, FindsByNameAfterAddsRemovalsAndReplacedSpecs) {
  Add("api");
  Add("web");
  Add("api");
  EXPECT_EQ(Ids("api"), (std::vector<int>{0, 2}));
  table_.Remove(0);
  EXPECT_EQ(Ids("api"), (std::vector<int>{2}));
  table_.Remove(2);
  EXPECT_TRUE(table_.FindByName("api").empty());
  EXPECT_EQ(table_.Resolve({"api"}).status().code(), Code::kNotFound);

  AppSpec worker;
  worker.name = "worker";
  worker.script = "/bin/true";
  table_.AddWithId(1, worker, 0);  // replaces "web" under id 1
  EXPECT_TRUE(table_.FindByName("web").empty());
  EXPECT_EQ(Ids("worker"), (std::vector<int>{1}));

  AppSpec renamed = worker;
  renamed.name = "other";
  table_.Find(1)->ReplaceSpec(renamed);
  EXPECT_EQ(table_.Find(1)->spec().name, "worker");
  EXPECT_EQ(Ids("worker"), (std::vector<int>{1}));
}

// std::regex recursed once per character: `/(a|b)*c/` overflowed the daemon's stack on a
// 20,000-byte name (a segfault of tendd).
TEST_F(ProcessTableTest, AVeryLongNameDoesNotOverflowTheStack) {
  Add(std::string(20000, 'a'));
  EXPECT_EQ(table_.Resolve({"/(a|b)*c/"}).status().code(), Code::kNotFound);
  EXPECT_EQ(Ids("/^(a|b)*$/"), (std::vector<int>{0}));
}

// std::regex backtracked: `(a+)+$` took 13 s on 29 bytes, twice as long per byte more.
TEST_F(ProcessTableTest, ABacktrackingPatternAnswersAtOnce) {
  Add(std::string(100, 'a') + "!");
  EXPECT_EQ(table_.Resolve({"/(a+)+$/"}).status().code(), Code::kNotFound);
  Add("aaaa");
  EXPECT_EQ(Ids("/^(a+)+$/"), (std::vector<int>{1}));
}

TEST_F(ProcessTableTest, AnInvalidRegexNamesThePatternAndTheReason) {
  Add("api");
  auto found = table_.Resolve({"/(unclosed/"});
  EXPECT_EQ(found.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(found.status().message(),
            "invalid regular expression /(unclosed/: missing ): (unclosed");
  // Look-around is outside RE2's linear-time language: refused, with its reason.
  EXPECT_EQ(table_.Resolve({"/(?=a)/"}).status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace tend
