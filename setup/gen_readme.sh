#!/usr/bin/env bash
# Regenerate each addon's README.rst and static/description/index.html from
# its readme/ fragments and manifest with OCA's oca-gen-addon-readme (the
# packaging test fails while one is out of date). The tool is in OCA's
# maintainer-tools, which is not on PyPI: install it from its repository, e.g.
#   pip install git+https://github.com/OCA/maintainer-tools
# (it converts the Markdown fragments with pandoc: `apt-get install pandoc` or
# `pip install pypandoc-binary`). OCA_GEN_ADDON_README may name the command.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
read -r -a GEN <<<"${OCA_GEN_ADDON_README:-oca-gen-addon-readme}"
if ! command -v "${GEN[0]}" >/dev/null; then
    echo "${GEN[0]} not found: see the head of $0" >&2
    exit 1
fi
for addon in */__manifest__.py; do
    "${GEN[@]}" --org-name crm-retail-customers --repo-name crm_retail_customers \
        --branch 17.0 --addon-dir "$PWD/$(dirname "$addon")" --no-commit --gen-html
done
