#include "daemon/logs/log_line_splitter.h"

namespace tend {

std::string_view StreamName(LogStream stream) {
  return stream == LogStream::kOut ? "out" : "err";
}

}  // namespace tend
