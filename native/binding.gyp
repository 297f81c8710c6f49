{
  "variables": {
    "kernel_flags": ["-O3", "-fPIC", "-std=c++17", "-fno-math-errno"]
  },
  "targets": [
    {
      "target_name": "kern_generic",
      "type": "static_library",
      "sources": ["src/kernels_impl.cc", "src/threadpool.cc"],
      "defines": ["KNS=generic", "KNS_NAME=\"generic\""],
      "cflags_cc": ["<@(kernel_flags)"]
    },
    {
      "target_name": "kern_avx2",
      "type": "static_library",
      "sources": ["src/kernels_impl.cc"],
      "defines": ["KNS=avx2", "KNS_IS_AVX2", "KNS_NAME=\"avx2\""],
      "cflags_cc": ["<@(kernel_flags)", "-mavx2", "-mfma"]
    },
    {
      "target_name": "kern_avx512",
      "type": "static_library",
      "sources": ["src/kernels_impl.cc"],
      "defines": ["KNS=avx512", "KNS_IS_AVX512", "KNS_NAME=\"avx512\""],
      "cflags_cc": ["<@(kernel_flags)", "-mavx512f", "-mavx512vl", "-mavx512bw", "-mavx512dq", "-mavx2", "-mfma"]
    },
    {
      "target_name": "topiary_native",
      "sources": ["src/addon.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags_cc": ["-O3", "-std=c++17", "-fexceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "dependencies": ["kern_generic"],
      "conditions": [
        ["target_arch=='x64'", {
          "defines": ["TOPI_X86"],
          "dependencies": ["kern_avx2", "kern_avx512"]
        }]
      ]
    }
  ]
}
