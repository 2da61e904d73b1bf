# ASan + UBSan for the whole build: every error is fatal so a test cannot pass over one.
if(TEND_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
  add_compile_definitions(TEND_SANITIZE=1)
endif()
