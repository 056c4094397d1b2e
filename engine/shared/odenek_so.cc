// libodenek.so is the stage libraries linked whole (engine/CMakeLists.txt);
// CMake needs one source of its own for the target, and this is it.
#include "odenek/version.h"

namespace odenek {
// The version the shared library was built as, for a loader to check against
// the header it was compiled with (ODENEK_VERSION_NUMBER).
extern "C" int odenek_shared_version_number() { return ODENEK_VERSION_NUMBER; }
}  // namespace odenek
