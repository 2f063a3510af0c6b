import { parser } from '@lezer/python';
const src = `@app.route("/x")
@deco
def h(): pass
try:
    x = 1
except Exception as e:
    pass
finally:
    y = 2
if a:
    b()
elif c:
    d()
else:
    e()
if __name__ == "__main__":
    main()
while True: break
xs = [f(v) for v in e if v]
f(*a, **k)
s = "%s" % (k,) + "{}".format(v) + ",".join(l)
d["k"] = v
o.attr = v
if (n := os.getenv("X")): pass
global g
from . import util
import a.b.c
t = b"x" r'y' rb"z"
async def q():
    async with aiohttp.ClientSession() as s:
        await s.post(u)
def g2(): yield x
`;
const tree = parser.parse(src);
const c = tree.cursor();
let depth = 0;
function walk() {
  do {
    const txt = src.slice(c.from, c.to).replace(/\n/g,'⏎').slice(0,30);
    console.log('  '.repeat(depth) + c.name + (c.type.isError ? ' ERR' : '') + '  ' + JSON.stringify(txt));
    if (c.firstChild()) { depth++; walk(); depth--; c.parent(); }
  } while (c.nextSibling());
}
walk();
