//! Top-level modules of the Python standard library (CPython 3.13 `sys.stdlib_module_names`
//! without private `_` names, plus the Python 2.7 names IronPython 2 scripts still import).
//! An import of one of these is the runtime's business: pyrevit-ls never claims a name is missing
//! from it, even when a vendored file of the same name sits on the search path.

/// Sorted case-insensitively; look up with [`is_stdlib_module`].
pub const STDLIB_MODULES: &[&str] = &[
    "__builtin__", "abc", "aifc", "antigravity", "anydbm", "argparse", "array", "ast", "asynchat", "asyncio",
    "asyncore", "atexit", "audioop", "base64", "BaseHTTPServer", "Bastion", "bdb", "binascii", "bisect",
    "bsddb", "builtins", "bz2", "calendar", "cgi", "CGIHTTPServer", "cgitb", "chunk", "cmath", "cmd", "code",
    "codecs", "codeop", "collections", "colorsys", "commands", "compileall", "concurrent", "ConfigParser",
    "configparser", "contextlib", "contextvars", "Cookie", "cookielib", "copy", "copy_reg", "copyreg",
    "cPickle", "cProfile", "crypt", "cStringIO", "csv", "ctypes", "curses", "dataclasses", "datetime",
    "dbhash", "dbm", "decimal", "difflib", "dircache", "dis", "distutils", "doctest", "DocXMLRPCServer",
    "dumbdbm", "email", "encodings", "ensurepip", "enum", "errno", "exceptions", "faulthandler", "fcntl",
    "filecmp", "fileinput", "fnmatch", "fpformat", "fractions", "ftplib", "functools", "future_builtins",
    "gc", "genericpath", "getopt", "getpass", "gettext", "glob", "graphlib", "grp", "gzip", "hashlib",
    "heapq", "hmac", "html", "htmlentitydefs", "HTMLParser", "http", "httplib", "idlelib", "ihooks",
    "imaplib", "imghdr", "imp", "importlib", "imputil", "inspect", "io", "ipaddress", "itertools", "json",
    "keyword", "lib2to3", "linecache", "locale", "logging", "lzma", "mailbox", "mailcap", "markupbase",
    "marshal", "math", "md5", "mhlib", "mimetools", "mimetypes", "MimeWriter", "mimify", "mmap",
    "modulefinder", "msilib", "msvcrt", "multifile", "multiprocessing", "mutex", "netrc", "new", "nis",
    "nntplib", "nt", "ntpath", "nturl2path", "numbers", "opcode", "operator", "optparse", "os",
    "ossaudiodev", "pathlib", "pdb", "pickle", "pickletools", "pipes", "pkgutil", "platform", "plistlib",
    "popen2", "poplib", "posix", "posixfile", "posixpath", "pprint", "profile", "pstats", "pty", "pwd",
    "py_compile", "pyclbr", "pydoc", "pydoc_data", "pyexpat", "Queue", "queue", "quopri", "random", "re",
    "readline", "repr", "reprlib", "resource", "rexec", "rfc822", "rlcompleter", "robotparser", "runpy",
    "sched", "ScrolledText", "secrets", "select", "selectors", "sets", "sgmllib", "sha", "shelve", "shlex",
    "shutil", "signal", "SimpleHTTPServer", "SimpleXMLRPCServer", "site", "smtpd", "smtplib", "sndhdr",
    "socket", "socketserver", "SocketServer", "spwd", "sqlite3", "sre_compile", "sre_constants", "sre_parse",
    "ssl", "stat", "statistics", "statvfs", "string", "StringIO", "stringprep", "struct", "subprocess",
    "sunau", "symtable", "sys", "sysconfig", "syslog", "tabnanny", "tarfile", "telnetlib", "tempfile",
    "termios", "textwrap", "this", "thread", "threading", "time", "timeit", "Tix", "Tkinter", "tkinter",
    "token", "tokenize", "tomllib", "trace", "traceback", "tracemalloc", "ttk", "tty", "turtle",
    "turtledemo", "types", "typing", "unicodedata", "unittest", "urllib", "urllib2", "urlparse", "user",
    "UserDict", "UserList", "UserString", "uu", "uuid", "venv", "warnings", "wave", "weakref", "webbrowser",
    "whichdb", "winreg", "winsound", "wsgiref", "xdrlib", "xml", "xmlrpc", "xmlrpclib", "zipapp", "zipfile",
    "zipimport", "zlib", "zoneinfo",
];

/// `name` (a top-level module name) belongs to the standard library of Python 2.7 or 3.
pub fn is_stdlib_module(name: &str) -> bool {
    STDLIB_MODULES.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_modules() {
        assert!(is_stdlib_module("os") && is_stdlib_module("string") && is_stdlib_module("ConfigParser"));
        assert!(!is_stdlib_module("pyrevit") && !is_stdlib_module("numpy") && !is_stdlib_module("_winapi"));
    }
}
