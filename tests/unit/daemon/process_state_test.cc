// The supervision table: every legal transition, the illegal ones, and the
// status names that reach jlist and the dump.
#include "daemon/supervise/process_state.h"

#include <gtest/gtest.h>

#include <set>
#include <tuple>
#include <vector>

namespace tend {
namespace {

using S = ProcessState;
using E = ProcessEvent;

struct Row {
  S from;
  E event;
  S to;
};

// The lifecycle as the issue specifies it, written out independently of the table.
const std::vector<Row> kLegal = {
    {S::kStopped, E::kStart, S::kLaunching},
    {S::kErrored, E::kStart, S::kLaunching},
    {S::kWaitingRestart, E::kStart, S::kLaunching},
    {S::kLaunching, E::kSpawned, S::kOnline},
    {S::kLaunching, E::kReady, S::kOnline},
    {S::kOnline, E::kReady, S::kOnline},
    {S::kLaunching, E::kSpawnFailed, S::kErrored},
    {S::kLaunching, E::kStop, S::kStopping},
    {S::kOnline, E::kStop, S::kStopping},
    {S::kStopping, E::kStop, S::kStopping},
    {S::kWaitingRestart, E::kStop, S::kStopped},
    {S::kStopped, E::kStop, S::kStopped},
    {S::kErrored, E::kStop, S::kStopped},
    {S::kLaunching, E::kExitRestart, S::kWaitingRestart},
    {S::kOnline, E::kExitRestart, S::kWaitingRestart},
    {S::kLaunching, E::kExitStopped, S::kStopped},
    {S::kOnline, E::kExitStopped, S::kStopped},
    {S::kLaunching, E::kExitErrored, S::kErrored},
    {S::kOnline, E::kExitErrored, S::kErrored},
    {S::kStopping, E::kExitAfterStop, S::kStopped},
    {S::kWaitingRestart, E::kRestartDue, S::kLaunching},
};

const S kAllStates[] = {S::kLaunching, S::kOnline,         S::kStopping,
                        S::kStopped,   S::kWaitingRestart, S::kErrored};
const E kAllEvents[] = {E::kStart,         E::kSpawned,     E::kReady,       E::kSpawnFailed,
                        E::kStop,          E::kExitRestart, E::kExitStopped, E::kExitErrored,
                        E::kExitAfterStop, E::kRestartDue};

TEST(ProcessState, EveryLegalTransitionLeadsWhereTheLifecycleSays) {
  for (const auto& row : kLegal) {
    auto next = NextState(row.from, row.event);
    ASSERT_TRUE(next.has_value()) << StateName(row.from) << " + " << EventName(row.event);
    EXPECT_EQ(*next, row.to) << StateName(row.from) << " + " << EventName(row.event) << " -> "
                             << StateName(*next);
  }
}

TEST(ProcessState, IllegalTransitionsAreRefused) {
  const std::vector<std::pair<S, E>> illegal = {
      {S::kOnline, E::kStart},            // already running: start is not a transition
      {S::kLaunching, E::kStart},         //
      {S::kStopping, E::kStart},          // must wait for the exit
      {S::kStopped, E::kSpawned},         // no child was being spawned
      {S::kStopped, E::kExitRestart},     // no child to exit
      {S::kErrored, E::kExitRestart},     //
      {S::kStopping, E::kExitRestart},    // an exit after stop never restarts
      {S::kStopping, E::kExitErrored},    //
      {S::kOnline, E::kExitAfterStop},    // nobody asked it to stop
      {S::kOnline, E::kRestartDue},       // no restart pending
      {S::kStopped, E::kRestartDue},      // a stop cancels the pending restart
      {S::kOnline, E::kSpawnFailed},      // spawn failures happen while launching
      {S::kWaitingRestart, E::kSpawned},  //
      {S::kErrored, E::kReady},           //
  };
  for (const auto& [from, event] : illegal) {
    EXPECT_FALSE(NextState(from, event).has_value())
        << StateName(from) << " + " << EventName(event) << " must be illegal";
  }
}

TEST(ProcessState, NothingOutsideTheLifecycleIsLegal) {
  std::set<std::pair<S, E>> legal;
  for (const auto& row : kLegal)
    legal.insert({row.from, row.event});
  for (S from : kAllStates) {
    for (E event : kAllEvents) {
      if (legal.count({from, event}) != 0) continue;
      EXPECT_FALSE(NextState(from, event).has_value())
          << StateName(from) << " + " << EventName(event) << " is not in the lifecycle";
    }
  }
}

TEST(ProcessState, NamesArePm2sAndRoundTrip) {
  EXPECT_EQ(StateName(S::kLaunching), "launching");
  EXPECT_EQ(StateName(S::kOnline), "online");
  EXPECT_EQ(StateName(S::kStopping), "stopping");
  EXPECT_EQ(StateName(S::kStopped), "stopped");
  EXPECT_EQ(StateName(S::kWaitingRestart), "waiting restart");
  EXPECT_EQ(StateName(S::kErrored), "errored");
  for (S state : kAllStates) {
    auto back = StateFromName(StateName(state));
    ASSERT_TRUE(back.has_value()) << StateName(state);
    EXPECT_EQ(*back, state);
  }
  EXPECT_FALSE(StateFromName("").has_value());
  EXPECT_FALSE(StateFromName("Online").has_value());
  EXPECT_FALSE(StateFromName("waiting_restart").has_value());
}

TEST(ProcessState, EveryEventHasAName) {
  std::set<std::string_view> names;
  for (E event : kAllEvents) {
    EXPECT_NE(EventName(event), "?");
    names.insert(EventName(event));
  }
  EXPECT_EQ(names.size(), std::size(kAllEvents));
}

TEST(ProcessState, OnlyLiveStatesHaveAChild) {
  EXPECT_TRUE(HasChild(S::kLaunching));
  EXPECT_TRUE(HasChild(S::kOnline));
  EXPECT_TRUE(HasChild(S::kStopping));
  EXPECT_FALSE(HasChild(S::kStopped));
  EXPECT_FALSE(HasChild(S::kWaitingRestart));
  EXPECT_FALSE(HasChild(S::kErrored));
}

}  // namespace
}  // namespace tend
