#!/bin/sh
# tests/seed.sh SHELF_BINARY
#
# The portal seed (../shared/seeds/001_*.txt) rendered for each cloud with a
# VM name and a resource id: the token must become the escaped name, and the
# Boot Diagnostics link must point at that cloud's portal, carry the blade
# and its resource id.  Ends with "N passed, N failed"; without the shared
# folder it says so and checks nothing.
set -u
suite=seed
. "$(dirname "$0")/lib.sh"
bin=$1
seed=$(ls "${SHARED:-../shared}"/seeds/001_*.txt 2>/dev/null | head -n 1)
if [ -z "$seed" ]; then
	echo "seed.sh: ../shared/seeds not found; seed not checked"
	finish
fi
rid=/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/web01
check() { # name, haystack file, needle
	if grep -qF -- "$3" "$2"; then ok; else bad "$1: missing: $3"; fi
}
out=$d/out
for pair in public=https://portal.azure.com fairfax=https://portal.azure.us \
            mooncake=https://portal.azure.cn; do
	cloud=${pair%%=*}
	origin=${pair#*=}
	${SHELF_WRAP:-} "$bin" render --format fragment --cloud "$cloud" \
		--var 'vmname=web01 <b>&' --resource-id "$rid" "$seed" >"$out" 2>/dev/null
	check "$cloud text" "$out" "virtual machine (VM) web01 &lt;b&gt;&amp; is in"
	check "$cloud href" "$out" "href=\"$origin/#@microsoft.onmicrosoft.com/resource/${rid#/}/bootDiagnostics\""
	check "$cloud blade" "$out" 'data-blade-extension="Microsoft_Azure_Compute" data-blade-name="SerialConsoleLogBladeViewModel"'
	check "$cloud params" "$out" "data-blade-params=\"{&quot;resourceId&quot;:&quot;$rid&quot;}\""
done
finish
