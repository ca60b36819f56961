// libFuzzer's driver entry point, from compiler-rt's FuzzerInterface.h (LLVM 12 and later). The
// symbol is linked only into builds made with `-sanitize=fuzzer`.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
