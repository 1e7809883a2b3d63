// Debian's libarchive (libarchive-dev): ZIP containers of .docx, .odt, .pptx and .epub files.
#include <archive.h>
#include <archive_entry.h>
