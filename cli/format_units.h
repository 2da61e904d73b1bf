#pragma once
// Human units for the process table and `describe`, spelled as PM2 spells them
// so the columns read the same to someone coming from `pm2 ls`.

#include <cstdint>
#include <string>

namespace tend::cli {

// An elapsed time, in the largest unit of which at least two have passed (PM2's
// rule): "0s", "45s", "90s", "3m", "2h", "47h", "5D", "3M", "2Y". Negative: "0s".
// D = 24 h, M = 30 days, Y = 365 days.
std::string FormatDuration(int64_t ms);

// A size in binary units with one decimal: "0b", "512b", "1.2kb", "34.5mb",
// "1.1gb", "2.0tb". Negative: "0b".
std::string FormatBytes(int64_t bytes);

// A CPU percentage with at most one decimal and no trailing ".0": "0%", "12.5%",
// "100%". Negative or not a number: "0%".
std::string FormatCpu(double percent);

}  // namespace tend::cli
