#!/bin/sh
# tests/hostile/gen.sh DIR
#
# Writes the hostile inputs below DIR (which must exist and be empty):
#   DIR/outside/secret.txt          a file no render may read ("S3CR3T")
#   DIR/content/en-us/...           one article per case, with its includes
#   DIR/site/...                    a content tree and an output folder with
#                                   a symlink planted in it, for shelf build
# Only sh, printf, awk, head, tr and ln: CI machines have nothing else.
set -eu
d=$1
c=$d/content/en-us
mkdir -p "$d/outside" "$c/inc" "$c/media" "$c/code"
printf 'S3CR3T\n' > "$d/outside/secret.txt"
printf 'S3CR3T\n' > "$d/outside/secret.md"
printf 'S3CR3T\n' > "$d/outside/secret.c"

# repeat N TEXT: TEXT N times, no newline
repeat() {
	awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

# --- include bomb: fan-out 10, depth 10 -----------------------------------
i=0
while [ $i -lt 10 ]; do
	if [ $i -lt 9 ]; then
		repeat 10 "[!INCLUDE [b](b$((i + 1)).md)]

" > "$c/inc/b$i.md"
	else
		printf 'leaf\n' > "$c/inc/b$i.md"
	fi
	i=$((i + 1))
done
repeat 10 '[!INCLUDE [b](inc/b0.md)]

' > "$c/include-bomb.md"

# --- include cycles of length 1, 2 and 3 ----------------------------------
printf '[!INCLUDE [c](c1.md)]\n' > "$c/inc/c1.md"
printf '[!INCLUDE [c](c2b.md)]\n' > "$c/inc/c2a.md"
printf '[!INCLUDE [c](c2a.md)]\n' > "$c/inc/c2b.md"
printf '[!INCLUDE [c](c3b.md)]\n' > "$c/inc/c3a.md"
printf '[!INCLUDE [c](c3c.md)]\n' > "$c/inc/c3b.md"
printf '[!INCLUDE [c](c3a.md)]\n' > "$c/inc/c3c.md"
for n in 1 2a 3a; do
	printf '# Cycle\n\n[!INCLUDE [c](inc/c%s.md)]\n' "$n" > "$c/include-cycle-$n.md"
done
printf '# Self\n\n[!INCLUDE [me](include-cycle-self.md)]\n' > "$c/include-cycle-self.md"

# --- YAML billion laughs ----------------------------------------------------
{
	printf -- '---\ntitle: laughs\na0: &a0 "lol"\n'
	i=1
	while [ $i -le 9 ]; do
		printf 'a%d: &a%d [' $i $i
		repeat 8 "*a$((i - 1)), "
		printf '*a%d]\n' $((i - 1))
		i=$((i + 1))
	done
	printf -- '---\n# Laughs\n'
} > "$c/yaml-laughs.md"
# deep YAML nesting: 10,000 flow sequences
{ printf -- '---\nx: '; repeat 10000 '['; repeat 10000 ']'; printf -- '\n---\nbody\n'; } \
	> "$c/yaml-deep.md"

# --- deep nesting ------------------------------------------------------------
{ repeat 100000 '> '; printf 'deep\n'; } > "$c/nested-quotes.md"
{ repeat 100000 '- '; printf 'deep\n'; } > "$c/nested-list.md"
{ repeat 100000 '1. '; printf 'deep\n'; } > "$c/nested-ordered.md"
{ repeat 50000 '<div>'; printf '\n\nx\n'; } > "$c/nested-div.md"
{ repeat 100000 '*a '; printf 'x\n'; } > "$c/nested-emph.md"
{ repeat 100000 '['; printf 'x'; repeat 100000 '](u)'; printf '\n'; } > "$c/nested-links.md"

# --- size and bytes ----------------------------------------------------------
head -c 52428800 /dev/zero | tr '\000' 'a' > "$c/line-50mb.md"
head -c 1048576 /dev/zero | tr '\000' '\n' > "$c/newlines-1mb.md"
head -c 100000 /dev/zero > "$c/nul-bytes.md"
: > "$c/empty.md"

# --- invalid UTF-8, one class per file ---------------------------------------
printf '# Overlong\n\na\300\257b \340\200\257c \360\200\200\257d \301\277\n' > "$c/utf8-overlong.md"
printf '# Surrogates\n\na\355\240\200b \355\277\277c \355\240\275\355\270\200\n' > "$c/utf8-surrogate.md"
printf '# Too big\n\na\364\220\200\200b \365\200\200\200c \370\210\200\200\200 \377\376\n' > "$c/utf8-too-big.md"
printf '# Truncated\n\na\342\202\nb\360\237\230\nc\303' > "$c/utf8-truncated.md"
printf '# Lone\n\na\200b\277c\200\200\200\200d\n' > "$c/utf8-lone.md"
printf '\357\273\277\357\273\277\357\273\277# Three BOMs\r\n\r\nx\ry\001z\033[31m\n' > "$c/bom-controls.md"

# --- portal tokens -------------------------------------------------------------
# a portal article: tokens and section markers are its dialect
pp='<properties pageTitle="Hostile" selfHelpType="generic" articleId="hostile-1" cloudEnvironments="public" ownershipId="o" supportTopicIds="1" productPesIds="1" />\n\n'
long=$(repeat 100000 a)
printf "$pp"'# Long token\n\n<!--$%s-->x<!--/$%s-->\n' "$long" "$long" > "$c/token-long-name.md"
{ printf "$pp"'# Many tokens\n\n'; awk 'BEGIN { for (i = 1; i <= 10000; i++)
	printf "<!--$t%d-->x<!--/$t%d-->\n", i, i }'; } > "$c/token-10000.md"
{ printf "$pp"'# Too many tokens\n\n'; awk 'BEGIN { for (i = 1; i <= 20000; i++)
	printf "<!--$t%d-->x<!--/$t%d-->\n", i, i }'; } > "$c/token-20000.md"

# --- unbalanced markers ----------------------------------------------------------
printf "$pp"'# Issue\n\n<!--issueDescription-->\ntext\n' > "$c/open-issue.md"
printf '# Zone\n\n:::zone pivot="a"\n\ntext\n' > "$c/open-zone.md"
printf '# Zone end\n\ntext\n\n:::zone-end\n' > "$c/stray-zone-end.md"
printf '# Div\n\n<div><span><table><tr><td>text\n\nmore\n' > "$c/open-div.md"
printf "$pp"'# Token\n\n<!--$a-->text\n\nmore\n' > "$c/open-token.md"
printf "$pp"'# Token close\n\ntext<!--/$a-->\n' > "$c/stray-token-close.md"
printf '# Moniker\n\n::: moniker range="x"\n\n::: row :::\n' > "$c/open-moniker.md"
printf -- '---\ntitle: open\n\n# never closed\n' > "$c/open-frontmatter.md"
printf '<properties pageTitle="x"\n description="never closed\n\n# Body\n' > "$c/open-properties.md"
printf '# Fence\n\n```\n[!INCLUDE [x](inc/b9.md)]\n' > "$c/open-fence.md"
printf '# Comment\n\n<!-- never closed\n\ntext\n' > "$c/open-comment.md"

# --- path escapes: includes, images, code snippets --------------------------------
printf 'code\n' > "$c/code/ok.c"
ln -s ../../../outside/secret.md "$c/inc/link.md"
ln -s ../../../outside/secret.txt "$c/inc/link.c"
ln -s ../../../outside/secret.txt "$c/code/link.c"
ln -s ../../../outside "$c/media/outdir"
for p in '../../outside/secret.md' '../../../../../../../../../../etc/passwd' \
         '/etc/passwd' '~/../../outside/secret.md' '~/../secret.md' '~root/secret.md' \
         '~/inc/../../../outside/secret.md' '..\..\outside\secret.md' \
         '%2e%2e/%2e%2e/outside/secret.md' '%2E%2E%2F%2E%2E%2Foutside%2Fsecret.md' \
         'inc/link.md' 'file:///etc/passwd' 'C:/secret.md' \
         'media/outdir/secret.md' '~/media/outdir/secret.md'; do
	printf '%s\n' "$p"
done > "$d/paths.txt"
n=0
while IFS= read -r p; do
	n=$((n + 1))
	q=$(printf '%s' "$p" | sed 's/\.md$/.c/')
	printf '# Escape %d\n\n[!INCLUDE [x](%s)]\n\ninline [!INCLUDE [x](%s)] here\n' "$n" "$p" "$p" \
		> "$c/escape-include-$n.md"
	printf '# Escape %d\n\n![x](%s)\n\n:::image type="content" source="%s" alt-text="x":::\n' \
		"$n" "$p" "$p" > "$c/escape-image-$n.md"
	printf '# Escape %d\n\n[!code-c[x](%s)]\n\n:::code language="c" source="%s":::\n' \
		"$n" "$q" "$q" > "$c/escape-code-$n.md"
done < "$d/paths.txt"
# symlinks that stay inside the root are followed: paths resolve from the
# real folder (alias/ is deep/real/, so ../x.md from there is deep/x.md)
mkdir -p "$c/deep/real"
ln -s deep/real "$c/alias"
printf 'DEEP-OK\n' > "$c/deep/x.md"
printf 'WRONG-LEXICAL\n' > "$c/x.md"
printf '# Through a link\n\n[!INCLUDE [x](../x.md)]\n' > "$c/deep/real/through-link.md"
printf '[!INCLUDE [x](../x.md)]\n' > "$c/deep/real/inner.md"
printf 'int ALIAS_OK;\n' > "$c/deep/real/ok.c"
printf '# Include through a link\n\n[!INCLUDE [x](alias/inner.md)]\n\n[!code-c[x](alias/ok.c)]\n' \
	> "$c/include-through-link.md"
# a NUL byte in the path (the read stage turns it into U+FFFD)
printf '# NUL\n\n[!INCLUDE [x](inc/b9.md\000/../../../outside/secret.md)]\n\n![x](media/\000../../outside/secret.txt)\n\n[!code-c[x](code/ok.c\000/../../../outside/secret.txt)]\n' \
	> "$c/escape-nul.md"

# --- shelf build: a symlink planted in the output folder ---------------------------
s=$d/site
mkdir -p "$s/content/en-us/media" "$s/out/en-us" "$s/out2"
printf '# Page\n\n![x](media/x.png)\n' > "$s/content/en-us/page.md"
printf '# Other\n\ntext\n' > "$s/content/en-us/other.md"
printf 'PNG' > "$s/content/en-us/media/x.png"
printf 'victim\n' > "$d/outside/victim.html"
ln -s ../../../outside/victim.html "$s/out/en-us/page.html"
ln -s ../../outside "$s/out2/en-us"
# a content tree with a symlinked article and media folder pointing outside
mkdir -p "$d/site3/content/en-us"
printf '# Fine\n' > "$d/site3/content/en-us/fine.md"
ln -s ../../../outside/secret.md "$d/site3/content/en-us/evil.md"
ln -s ../../../outside "$d/site3/content/en-us/media"

# --- caps that must fail loudly ----------------------------------------------
# 7 MiB of '&' (each becomes &amp;): included four times the body passes the
# 64 MiB output cap, which must be an error (SH055), never a cut-off page.
mkdir -p "$c/big"
awk 'BEGIN { for (i = 0; i < 7 * 1024 * 1024 / 64; i++) { for (j = 0; j < 63; j++) printf "&"; printf "\n" } }' \
	> "$c/big/amp.md"
printf '# Four big includes\n\n' > "$c/output-cap.md"
for i in 1 2 3 4; do printf '[!INCLUDE [big](big/amp.md)]\n\n' >> "$c/output-cap.md"; done
# 700 faults, a front matter key given 701 times: 499 kept and the note
{ printf -- '---\n'; repeat 701 'title: x\n'; printf -- '---\n# Faults\n'; } > "$c/faults-700.md"
