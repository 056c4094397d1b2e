#include "guard.h"

#include <exception>
#include <new>
#include <string>

namespace odenek::cli {
namespace {

void Report(std::ostream& err, const std::string& what) {
  err << "odenek: internal error: " << what
      << " (this is a bug in odenek; please report it with the command line)\n";
}

}  // namespace

int RunGuarded(const std::function<int()>& body, std::ostream& err) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    Report(err, "out of memory (std::bad_alloc)");
  } catch (const std::exception& e) {
    Report(err, e.what());
  } catch (...) {
    Report(err, "an exception that is not a std::exception");
  }
  err.flush();
  return 1;
}

}  // namespace odenek::cli
