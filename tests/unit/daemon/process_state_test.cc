// The supervision table, checked by what it must mean rather than by a copy of it:
// every pair of (state, event) goes through NextStep, and the lifecycle's rules are
// asserted as properties. ManagedProcess's own tests drive the same table with fakes.
#include "daemon/supervise/process_state.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace tend {
namespace {

using S = ProcessState;
using E = ProcessEvent;

std::vector<S> AllStates() {
  std::vector<S> all;
  for (size_t i = 0; i < kProcessStateCount; ++i)
    all.push_back(static_cast<S>(i));
  return all;
}

std::vector<E> AllEvents() {
  std::vector<E> all;
  for (size_t i = 0; i < kProcessEventCount; ++i)
    all.push_back(static_cast<E>(i));
  return all;
}

std::string Pair(S from, E event) {
  return std::string(StateName(from)) + " + " + std::string(EventName(event));
}

// Events a child sends or its exit makes: none can arrive where no child may exist.
bool ComesFromAChild(E event) {
  return event == E::kSpawned || event == E::kReady || event == E::kReadyTimeout ||
         event == E::kSpawnFailed || event == E::kKillTimeout || event == E::kExited ||
         event == E::kExitRestart || event == E::kExitStopped || event == E::kExitErrored ||
         event == E::kExitAfterStop;
}

TEST(ProcessState, TheEnumsAreCountedWhole) {
  // A new event after kRestartDue without a new count would have a name here.
  EXPECT_EQ(EventName(static_cast<E>(kProcessEventCount)), "?");
  EXPECT_EQ(StateFromName(StateName(static_cast<S>(kProcessStateCount - 1))),
            static_cast<S>(kProcessStateCount - 1));
}

TEST(ProcessState, EveryStateIsReachableFromStopped) {
  std::set<S> seen = {S::kStopped};
  std::vector<S> todo = {S::kStopped};
  while (!todo.empty()) {
    const S from = todo.back();
    todo.pop_back();
    for (E event : AllEvents()) {
      auto next = NextState(from, event);
      if (next && seen.insert(*next).second) todo.push_back(*next);
    }
  }
  EXPECT_EQ(seen.size(), kProcessStateCount);
}

TEST(ProcessState, StopIsLegalEverywhereAndEndsInStoppingOrStopped) {
  for (S from : AllStates()) {
    auto step = NextStep(from, E::kStop);
    ASSERT_TRUE(step.has_value()) << Pair(from, E::kStop);
    EXPECT_EQ(step->to, HasChild(from) ? S::kStopping : S::kStopped) << Pair(from, E::kStop);
    // A child is asked to stop once: when the stop begins, not again while stopping.
    EXPECT_EQ((step->actions & kAskToStop) != 0, HasChild(from) && from != S::kStopping)
        << Pair(from, E::kStop);
    EXPECT_EQ((step->actions & kAskToStop) != 0, (step->actions & kArmKillTimer) != 0);
    // Without a child the stop is over at once: its callers hear so.
    EXPECT_EQ((step->actions & kNotifyStopWaiters) != 0, !HasChild(from)) << Pair(from, E::kStop);
  }
}

TEST(ProcessState, StartIsLegalExactlyWhereNoChildMayExistAndSpawns) {
  for (S from : AllStates()) {
    auto step = NextStep(from, E::kStart);
    EXPECT_EQ(step.has_value(), !HasChild(from)) << Pair(from, E::kStart);
    if (!step) continue;
    EXPECT_EQ(step->to, S::kLaunching);
    EXPECT_NE(step->actions & kSpawn, 0u) << Pair(from, E::kStart);
  }
}

TEST(ProcessState, EveryEntryIntoLaunchingSpawnsAndOnlyThose) {
  for (S from : AllStates()) {
    for (E event : AllEvents()) {
      auto step = NextStep(from, event);
      if (!step) continue;
      const bool enters = step->to == S::kLaunching && from != S::kLaunching;
      EXPECT_EQ((step->actions & kSpawn) != 0, enters) << Pair(from, event);
    }
  }
}

TEST(ProcessState, NoEventOfAChildArrivesWhereNoChildMayExist) {
  for (S from : AllStates()) {
    for (E event : AllEvents()) {
      if (!ComesFromAChild(event) || HasChild(from)) continue;
      EXPECT_FALSE(NextStep(from, event).has_value()) << Pair(from, event) << " must be illegal";
    }
  }
}

TEST(ProcessState, LeavingWaitingRestartCancelsOrIsTheRestartTimer) {
  for (E event : AllEvents()) {
    auto step = NextStep(S::kWaitingRestart, event);
    if (!step || step->to == S::kWaitingRestart) continue;
    EXPECT_TRUE(event == E::kRestartDue || (step->actions & kCancelRestartTimer) != 0)
        << Pair(S::kWaitingRestart, event);
  }
  for (S from : AllStates()) {
    EXPECT_EQ(NextStep(from, E::kRestartDue).has_value(), from == S::kWaitingRestart)
        << "only a pending restart comes due: " << Pair(from, E::kRestartDue);
  }
  EXPECT_EQ(NextState(S::kWaitingRestart, E::kRestartDue), S::kLaunching);
}

TEST(ProcessState, LeavingStoppingEndsTheKillTimerAndAnswersTheWaiters) {
  for (E event : AllEvents()) {
    auto step = NextStep(S::kStopping, event);
    if (!step || step->to == S::kStopping) continue;
    EXPECT_EQ(step->to, S::kStopped) << Pair(S::kStopping, event);
    EXPECT_NE(step->actions & kCancelKillTimer, 0u);
    EXPECT_NE(step->actions & kNotifyStopWaiters, 0u);
  }
  // A stop ends only by the exit, after the group is gone; kill_timeout escalates.
  EXPECT_EQ(NextState(S::kStopping, E::kExited), S::kStopping);
  EXPECT_NE(NextStep(S::kStopping, E::kExited)->actions & kAwaitGroup, 0u);
  EXPECT_NE(NextStep(S::kStopping, E::kKillTimeout)->actions & kKillGroup, 0u);
}

TEST(ProcessState, AnExitNobodyAskedForGoesToThePolicyAndOnlyThere) {
  for (S from : AllStates()) {
    auto exited = NextStep(from, E::kExited);
    if (!exited) continue;
    EXPECT_EQ(exited->to, from) << "the exit itself is no transition: " << Pair(from, E::kExited);
    const bool asked = from == S::kStopping;
    EXPECT_EQ((exited->actions & kDecideRestart) != 0, !asked) << Pair(from, E::kExited);
    // The policy's events are legal exactly where the policy is asked.
    for (E verdict : {E::kExitRestart, E::kExitStopped, E::kExitErrored}) {
      EXPECT_EQ(NextStep(from, verdict).has_value(), !asked) << Pair(from, verdict);
    }
    EXPECT_EQ(NextStep(from, E::kExitAfterStop).has_value(), asked);
  }
  EXPECT_EQ(NextState(S::kOnline, E::kExitRestart), S::kWaitingRestart);
  EXPECT_EQ(NextState(S::kOnline, E::kExitStopped), S::kStopped);
  EXPECT_EQ(NextState(S::kOnline, E::kExitErrored), S::kErrored);
  EXPECT_NE(NextStep(S::kOnline, E::kExitErrored)->actions & kRecordGiveUp, 0u);
  EXPECT_NE(NextStep(S::kOnline, E::kExitRestart)->actions & kCountRestart, 0u);
}

TEST(ProcessState, ReadinessComesOnlyWhileLaunchingAndLeadsOnline) {
  for (E event : {E::kSpawned, E::kReady, E::kReadyTimeout, E::kSpawnFailed}) {
    auto step = NextStep(S::kLaunching, event);
    ASSERT_TRUE(step.has_value()) << Pair(S::kLaunching, event);
    EXPECT_EQ(step->to, event == E::kSpawnFailed ? S::kErrored : S::kOnline);
  }
  for (S from : AllStates()) {
    for (E event : {E::kSpawned, E::kReadyTimeout, E::kSpawnFailed}) {
      EXPECT_EQ(NextStep(from, event).has_value(), from == S::kLaunching) << Pair(from, event);
    }
  }
  // A late or repeated READY=1 is harmless: legal, and it changes nothing.
  EXPECT_EQ(NextState(S::kOnline, E::kReady), S::kOnline);
  EXPECT_EQ(NextState(S::kStopping, E::kReady), S::kStopping);
  EXPECT_FALSE(NextStep(S::kOnline, E::kReadyTimeout).has_value());
}

TEST(ProcessState, ASelfStepChangesNoStateAndNeverSpawnsOrCounts) {
  for (S from : AllStates()) {
    for (E event : AllEvents()) {
      auto step = NextStep(from, event);
      if (!step || step->to != from) continue;
      EXPECT_EQ(step->actions & (kSpawn | kCountRestart | kRecordGiveUp), 0u) << Pair(from, event);
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
  for (S state : AllStates()) {
    auto back = StateFromName(StateName(state));
    ASSERT_TRUE(back.has_value()) << StateName(state);
    EXPECT_EQ(*back, state);
  }
  EXPECT_FALSE(StateFromName("").has_value());
  EXPECT_FALSE(StateFromName("Online").has_value());
  EXPECT_FALSE(StateFromName("waiting_restart").has_value());
}

TEST(ProcessState, EveryEventAndActionHasAName) {
  std::set<std::string_view> names;
  for (E event : AllEvents()) {
    EXPECT_NE(EventName(event), "?");
    names.insert(EventName(event));
  }
  EXPECT_EQ(names.size(), kProcessEventCount);
  EXPECT_EQ(ActionNames(kNoAction), "");
  EXPECT_EQ(ActionNames(kAskToStop | kArmKillTimer), "ask to stop, arm kill timer");
  EXPECT_EQ(ActionNames(kSpawn), "spawn");
}

TEST(ProcessState, OnlyLiveStatesHaveAChild) {
  EXPECT_TRUE(HasChild(S::kLaunching));
  EXPECT_TRUE(HasChild(S::kOnline));
  EXPECT_TRUE(HasChild(S::kStopping));
  EXPECT_FALSE(HasChild(S::kStopped));
  EXPECT_FALSE(HasChild(S::kWaitingRestart));
  EXPECT_FALSE(HasChild(S::kErrored));
}

TEST(ProcessState, MeantToRunIsAChildOrAPendingRestart) {
  for (S state : AllStates()) {
    EXPECT_EQ(MeantToRun(state), HasChild(state) || state == S::kWaitingRestart)
        << StateName(state);
  }
}

}  // namespace
}  // namespace tend
