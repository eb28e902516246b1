#!/usr/bin/env python
"""Write README.md from nbs/index.ipynb without Quarto; `--check` fails if README.md is stale."""
import sys, re, argparse
from pathlib import Path
import nbformat

HEADER = "<!-- Made from nbs/index.ipynb by tools/make_readme.py: edit the notebook, not this file. -->\n\n"

def cell_markdown(cell):
    "Markdown for one cell: markdown as is; code without nbdev directives, plus its text output; hidden cells dropped."
    src = cell.source
    if cell.cell_type == 'markdown': return src.strip()
    if cell.cell_type != 'code': return ''
    lines = src.splitlines()
    directives = [l for l in lines if l.startswith('#|')]
    if any(re.match(r'#\|\s*(hide|export|exporti)\b', l) for l in directives): return ''
    code = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
    out = [f"```python\n{code}\n```"] if code else []
    for o in cell.get('outputs', []):
        text = o.get('text') or o.get('data', {}).get('text/markdown') or o.get('data', {}).get('text/plain')
        if text: out.append(f"```\n{''.join(text).rstrip()}\n```")
    return '\n\n'.join(out)

def render(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    parts = [cell_markdown(c) for c in nb.cells]
    return HEADER + '\n\n'.join(p for p in parts if p) + '\n'

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--check', action='store_true', help='exit 1 if README.md differs from the notebook')
    ap.add_argument('--root', default='.', help='repository root')
    a = ap.parse_args()
    root = Path(a.root)
    text = render(root/'nbs'/'index.ipynb')
    readme = root/'README.md'
    if a.check:
        if not readme.exists() or readme.read_text() != text:
            sys.exit("README.md is stale: run `python tools/make_readme.py` and commit it")
        print("README.md is current")
    else:
        readme.write_text(text); print("wrote README.md")
