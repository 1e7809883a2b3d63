// The C kernels of the reader, as one Clang module for Swift (an umbrella header rather than
// an umbrella folder, so that a header added here is picked up by incremental builds).
#include "albert_kernels.h"
