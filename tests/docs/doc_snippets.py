#!/usr/bin/env python3
"""Turns the code blocks of docs/embedding.md into sources the build compiles.

docs/embedding.md is the embedder's manual; its examples must compile as written
(issue #16 item 11). Every ```cpp block goes, in page order, into one C++ function
(later blocks use what earlier ones declared: `rules`, `claim`, `results`); `#include`
lines move to the top. Every ```c block becomes one C function. The few names the
page leaves to the reader (`yaml_text`, `records`, `report(s)`, `use(r)`, ...) are
declared in the preamble below. A block that cannot compile fails the build of
tests/docs, naming the generated line; the generated file says which page line each
snippet line came from.

usage: doc_snippets.py PAGE OUT_CC OUT_C
"""
import sys

CPP_PREAMBLE = """// Generated from {page} by tests/docs/doc_snippets.py: do not edit.
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>
{includes}
namespace {{
// Names the page leaves to the reader.
std::string yaml_text, json_text, csv_text;
std::vector<std::vector<absl::string_view>> records;
void report(const absl::Status&) {{}}
void use(const odenek::Result&) {{}}
void log(int64_t, int64_t, const std::string&, const std::string&) {{}}
}}  // namespace

// Never called: the test is that this compiles and links against odenek::engine.
absl::Status EmbeddingTour() {{
{body}
  return absl::OkStatus();
}}

int main() {{
  std::cout << "docs/embedding.md: {cpp_blocks} C++ blocks ({cpp_lines} lines) and "
               "{c_blocks} C blocks compiled\\n";
  return 0;
}}
"""

C_PREAMBLE = """/* Generated from {page} by tests/docs/doc_snippets.py: do not edit. */
#include <stdio.h>
{includes}
/* Never called: the test is that these compile as C and link. */
{functions}
"""


def blocks(lines):
    """(language, first page line, lines) of each fenced block."""
    out, lang, start, body = [], None, 0, []
    for n, line in enumerate(lines, 1):
        stripped = line.strip()
        if lang is None and stripped.startswith("```") and len(stripped) > 3:
            lang, start, body = stripped[3:].strip(), n + 1, []
        elif lang is not None and stripped == "```":
            out.append((lang, start, body))
            lang = None
        elif lang is not None:
            body.append(line.rstrip("\n"))
    return out


def main():
    page, out_cc, out_c = sys.argv[1:4]
    with open(page, encoding="utf-8") as f:
        found = blocks(f.readlines())
    cpp_includes, c_includes, body, functions = [], [], [], []
    cpp_blocks = c_blocks = cpp_lines = 0
    for lang, start, lines in found:
        if lang == "cpp":
            cpp_blocks += 1
            body.append(f"  // --- {page}:{start}")
            for line in lines:
                if line.startswith("#include"):
                    cpp_includes.append(line)
                else:
                    body.append("  " + line)
                    cpp_lines += 1
        elif lang == "c":
            c_blocks += 1
            code = [l for l in lines if not l.startswith("#include")]
            c_includes += [l for l in lines if l.startswith("#include")]
            functions.append(f"/* {page}:{start} */\nint CBlock{c_blocks}(const char* claim_json) {{\n"
                             + "\n".join("  " + l for l in code) + "\n  return 0;\n}\n")
    if cpp_blocks == 0:
        sys.exit(f"{page}: no ```cpp block found")
    with open(out_cc, "w", encoding="utf-8") as f:
        f.write(CPP_PREAMBLE.format(page=page, includes="\n".join(dict.fromkeys(cpp_includes)),
                                    body="\n".join(body), cpp_blocks=cpp_blocks,
                                    cpp_lines=cpp_lines, c_blocks=c_blocks))
    with open(out_c, "w", encoding="utf-8") as f:
        f.write(C_PREAMBLE.format(page=page, includes="\n".join(dict.fromkeys(c_includes)),
                                  functions="\n".join(functions)))


if __name__ == "__main__":
    main()
