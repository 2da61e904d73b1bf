#pragma once
// How far apart two words are, for every "did you mean": unknown verbs (the CLI), options
// (the ecosystem readers) and settings (the daemon). One copy, bounded by the lengths.

#include <string_view>

namespace tend {

// Optimal string alignment distance (a swap of two letters counts 1).
int EditDistance(std::string_view a, std::string_view b);
// EditDistance when it is at most `max`, else max + 1, known at once when the lengths
// differ by more than `max`: a "did you mean" over a huge key costs nothing (it took 29 s
// for a key of 2 MB, quadratic time against every option name).
int EditDistanceAtMost(std::string_view a, std::string_view b, int max);

}  // namespace tend
