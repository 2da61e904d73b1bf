# ASan + UBSan for the whole build: every error is fatal so a test cannot pass over one.
if(TEND_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
  add_compile_definitions(TEND_SANITIZE=1)
endif()

# ThreadSanitizer, for the code that runs on libuv's thread pool (log writes, gzip, dump
# writes): scripts/test.sh builds the daemon's unit tests with it.
option(TEND_TSAN "Build with ThreadSanitizer" OFF)
if(TEND_TSAN)
  if(TEND_SANITIZE)
    message(FATAL_ERROR "TEND_TSAN and TEND_SANITIZE cannot be combined")
  endif()
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
