# The third-party libraries, as link targets the modules use: tend::uv, tend::fmt,
# tend::spdlog, tend::yaml_cpp, tend::zlib, tend::re2, tend::ncursesw.
#
# TEND_STATIC_DEPS (default ON) puts them inside the binaries instead of loading them at run
# time: libuv, yaml-cpp, zlib and RE2 from their Debian static archives, fmt header-only and spdlog
# compiled once from its headers (Debian ships no static archive of either), and
# libstdc++/libgcc statically in non-sanitized builds. Measured (bench/README.md, Run F): the
# dynamic loader's work and the pages of shared libraries a process touches are most of what
# `tend ls` costs before it talks to the daemon, and 1.3 of the 7 MB tendd had with 100 apps.
option(TEND_STATIC_DEPS "Link libuv, fmt, spdlog, yaml-cpp, zlib, RE2 (and libstdc++) statically"
       ON)

pkg_check_modules(LIBUV REQUIRED IMPORTED_TARGET libuv)
# RE2 (Debian's libre2-dev): /regex/ targets and the readers' fixed patterns. It runs in time
# linear in the input and without recursion, where std::regex overflows the stack on a long
# name and backtracks exponentially on `(a+)+$` (issue 11).
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
# ncursesw (Debian's libncurses-dev): `tend monit`, the wide-character build for UTF-8.
pkg_check_modules(NCURSESW REQUIRED IMPORTED_TARGET ncursesw)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(CLI11 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)

add_library(tend_dep_uv INTERFACE)
add_library(tend_dep_fmt INTERFACE)
add_library(tend_dep_spdlog INTERFACE)
add_library(tend_dep_yaml_cpp INTERFACE)
add_library(tend_dep_zlib INTERFACE)
add_library(tend_dep_re2 INTERFACE)
add_library(tend_dep_ncursesw INTERFACE)
add_library(tend::ncursesw ALIAS tend_dep_ncursesw)
add_library(tend::uv ALIAS tend_dep_uv)
add_library(tend::fmt ALIAS tend_dep_fmt)
add_library(tend::spdlog ALIAS tend_dep_spdlog)
add_library(tend::yaml_cpp ALIAS tend_dep_yaml_cpp)
add_library(tend::zlib ALIAS tend_dep_zlib)
add_library(tend::re2 ALIAS tend_dep_re2)

if(NOT TEND_STATIC_DEPS)
  target_link_libraries(tend_dep_uv INTERFACE PkgConfig::LIBUV)
  target_link_libraries(tend_dep_fmt INTERFACE fmt::fmt)
  target_link_libraries(tend_dep_spdlog INTERFACE spdlog::spdlog)
  target_link_libraries(tend_dep_yaml_cpp INTERFACE yaml-cpp)
  target_link_libraries(tend_dep_zlib INTERFACE ZLIB::ZLIB)
  target_link_libraries(tend_dep_re2 INTERFACE PkgConfig::RE2)
  target_link_libraries(tend_dep_ncursesw INTERFACE PkgConfig::NCURSESW)
  return()
endif()

function(tend_find_static_archive var name)
  find_library(${var} NAMES lib${name}.a REQUIRED)
endfunction()

tend_find_static_archive(TEND_LIBUV_ARCHIVE uv_a)
target_include_directories(tend_dep_uv INTERFACE ${LIBUV_INCLUDE_DIRS})
target_link_libraries(tend_dep_uv INTERFACE ${TEND_LIBUV_ARCHIVE} Threads::Threads
                                            ${CMAKE_DL_LIBS} rt)

target_link_libraries(tend_dep_fmt INTERFACE fmt::fmt-header-only)

# spdlog's code compiled once, in cmake/spdlog_impl.cc (header-only spdlog triples the
# compile time of every file that logs).
get_target_property(TEND_SPDLOG_INCLUDES spdlog::spdlog_header_only INTERFACE_INCLUDE_DIRECTORIES)
add_library(tend_spdlog_impl STATIC ${CMAKE_CURRENT_LIST_DIR}/spdlog_impl.cc)
target_include_directories(tend_spdlog_impl PUBLIC ${TEND_SPDLOG_INCLUDES})
target_compile_definitions(tend_spdlog_impl PUBLIC SPDLOG_COMPILED_LIB SPDLOG_FMT_EXTERNAL)
target_link_libraries(tend_spdlog_impl PUBLIC tend_dep_fmt Threads::Threads)
target_link_libraries(tend_dep_spdlog INTERFACE tend_spdlog_impl)
# The fuzz build does not fuzz spdlog: compiled without coverage and sanitizers, its one file
# (the largest of that build) takes half the time.
if(TEND_FUZZ)
  target_compile_options(tend_spdlog_impl PRIVATE -fno-sanitize=all)
endif()

tend_find_static_archive(TEND_YAML_CPP_ARCHIVE yaml-cpp)
get_target_property(TEND_YAML_CPP_INCLUDES yaml-cpp INTERFACE_INCLUDE_DIRECTORIES)
if(TEND_YAML_CPP_INCLUDES)
  target_include_directories(tend_dep_yaml_cpp INTERFACE ${TEND_YAML_CPP_INCLUDES})
endif()
target_link_libraries(tend_dep_yaml_cpp INTERFACE ${TEND_YAML_CPP_ARCHIVE})

tend_find_static_archive(TEND_ZLIB_ARCHIVE z)
target_include_directories(tend_dep_zlib INTERFACE ${ZLIB_INCLUDE_DIRS})
target_link_libraries(tend_dep_zlib INTERFACE ${TEND_ZLIB_ARCHIVE})

tend_find_static_archive(TEND_RE2_ARCHIVE re2)
target_include_directories(tend_dep_re2 INTERFACE ${RE2_INCLUDE_DIRS})
target_link_libraries(tend_dep_re2 INTERFACE ${TEND_RE2_ARCHIVE} Threads::Threads)

# The CLI's startup for every command stays free of loading it: `tend ls` never draws a screen.
tend_find_static_archive(TEND_NCURSESW_ARCHIVE ncursesw)
tend_find_static_archive(TEND_TINFO_ARCHIVE tinfo)
target_include_directories(tend_dep_ncursesw INTERFACE ${NCURSESW_INCLUDE_DIRS})
target_compile_options(tend_dep_ncursesw INTERFACE ${NCURSESW_CFLAGS_OTHER})
target_link_libraries(tend_dep_ncursesw INTERFACE ${TEND_NCURSESW_ARCHIVE} ${TEND_TINFO_ARCHIVE})

# The sanitizers' runtimes expect a shared libstdc++.
if(NOT TEND_SANITIZE)
  add_link_options(-static-libstdc++ -static-libgcc)
endif()

# Unused code stays out of the binaries, so the code a process runs sits on fewer pages.
add_compile_options(-ffunction-sections -fdata-sections)
add_link_options(-Wl,--gc-sections)
