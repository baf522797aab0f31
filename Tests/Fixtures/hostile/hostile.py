import sys
# Markup on standard error, which the report shows for failed trials.
print("<script>window.__hyperplan_injected=1</script>", file=sys.stderr)
print('{"loss": %d}' % (int(sys.argv[1]) + 1))
sys.exit(int(sys.argv[1]) % 2)
