// The daemon's command table against the protocol's verb rows (ipc/verbs.h): every row
// has a handler and every handler a row, once each.
#include "daemon/commands/command_table.h"

#include <gtest/gtest.h>

#include <set>

namespace tend {
namespace {

TEST(CommandTableTest, EveryHandlerHasAVerbRow) {
  std::set<const ipc::Verb*> seen;
  for (const DaemonCommand& c : DaemonCommands()) {
    ASSERT_NE(c.verb, nullptr);
    EXPECT_NE(c.handler, nullptr) << c.verb->wire;
    EXPECT_EQ(ipc::FindVerb(c.verb->wire), c.verb) << c.verb->wire << " is not a row";
    EXPECT_TRUE(seen.insert(c.verb).second) << c.verb->wire << " has two handlers";
  }
}

TEST(CommandTableTest, EveryVerbRowHasAHandler) {
  for (const ipc::Verb* v : ipc::AllVerbs()) {
    const DaemonCommand* c = FindDaemonCommand(v->wire);
    ASSERT_NE(c, nullptr) << "no handler for " << v->wire;
    EXPECT_EQ(c->verb, v);
  }
  EXPECT_EQ(DaemonCommands().size(), ipc::AllVerbs().size());
}

TEST(CommandTableTest, FindsByWireNameOnly) {
  EXPECT_NE(FindDaemonCommand("signal"), nullptr);
  EXPECT_EQ(FindDaemonCommand("sendSignal"), nullptr);
  EXPECT_EQ(FindDaemonCommand(""), nullptr);
}

}  // namespace
}  // namespace tend
