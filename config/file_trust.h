#pragma once
// Whom tend trusts with the files it acts on: a home, a dump or a settings file
// that another user could write would let that user run commands as the daemon's
// user (root's `tend resurrect` once ran another user's dump as root). As ssh does
// for ~/.ssh, such a file is refused with its path and the command that fixes it.

#include <sys/stat.h>
#include <sys/types.h>

#include <string>

#include "config/status.h"

namespace tend {

// Ok when `st` (the lstat/fstat of `path`) belongs to `owner` and is writable by
// neither its group nor others. PermissionDenied naming `path` and the fix
// ("chmod go-w PATH", or whose it is) otherwise. `what` names the file's role
// ("home", "dump"), for the message.
Status CheckTrustedMode(const struct stat& st, const std::string& path, const std::string& what,
                        uid_t owner);

// CheckTrustedMode of the folder `path` (stat follows a link to it) against
// geteuid(). Ok when it does not exist yet.
Status CheckTrustedDir(const std::string& path, const std::string& what);

// True for CheckTrustedMode's refusal (a PermissionDenied with no errno), as
// opposed to the OS refusing to open the file (EACCES).
bool IsUntrustedFile(const Status& s);

// Opens `path` for reading only if it is a regular file (never a FIFO, device or
// socket, which could block or feed endless bytes; never through a symbolic link),
// without ever blocking. NotFound when it does not exist; InvalidArgument naming the
// path and what to do otherwise. The descriptor is O_CLOEXEC; the caller closes it.
Result<int> OpenRegularFile(const std::string& path, const std::string& what);

// OpenRegularFile, then CheckTrustedMode against geteuid() (PermissionDenied).
Result<int> OpenTrustedFile(const std::string& path, const std::string& what);

// The whole of a file opened by OpenTrustedFile.
Result<std::string> ReadTrustedFile(const std::string& path, const std::string& what);

}  // namespace tend
