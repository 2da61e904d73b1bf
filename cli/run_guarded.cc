#include "cli/run_guarded.h"

#include <exception>
#include <ostream>

#include "cli/exit_codes.h"

namespace tend::cli {

int RunGuarded(const std::function<int()>& run, std::ostream& err) {
  try {
    return run();
  } catch (const std::exception& e) {
    err << "tend: internal error: " << e.what() << "\n";
  } catch (...) {
    err << "tend: internal error: unknown exception\n";
  }
  err.flush();
  return kExitSystem;
}

}  // namespace tend::cli
