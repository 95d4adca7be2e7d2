# Counts JFR samples of a bench run by what they were doing, per time window (a sweep each):
#   jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample --stack-depth 60 run.jfr > samples.txt
#   python3 tools/semantic-speed/jfrsplit.py samples.txt "off,HH:MM:SS,HH:MM:SS;warm,HH:MM:SS,HH:MM:SS"
# (windows from the sweeps' manifests, started .. ended). J = Java samples (every 10 ms with settings=profile), N = native
# samples (every 20 ms; threads waiting in native I/O or parked are left out). Each sample goes to the first matching
# category. Figures in BENCHMARKS.md ("Semantic stage, seventh session").
import sys, re, collections
# windows: name start end (HH:MM:SS)
wins = [w.split(',') for w in sys.argv[2].split(';')]
def win(t):
    for n, a, b in wins:
        if a <= t < b: return n
    return None
cats = [
 ('ort.run', lambda s: any('OrtSession.run' in f for f in s)),
 ('tokenize', lambda s: any('HuggingFaceTokenizer' in f or 'ai.djl' in f for f in s)),
 ('embed.other', lambda s: any('SentenceEncoder' in f for f in s)),
 ('hnsw.search', lambda s: any('HnswGraphSearcher' in f for f in s)),
 ('hnsw.build', lambda s: any('HnswGraphBuilder' in f for f in s)),
 ('claimvectors', lambda s: any('ClaimVectors' in f for f in s)),
 ('sketch.reached', lambda s: any('SemanticLeaf.reached' in f for f in s)),
 ('sketch.firstStage', lambda s: any('SemanticLeaf.firstStage' in f for f in s)),
 ('refutations', lambda s: any('Refutations' in f for f in s)),
 ('semanticEmbed.other', lambda s: any('SemanticEmbed' in f for f in s)),
 ('semanticReach', lambda s: any('SemanticReach' in f for f in s)),
 ('leaf.field(first stage)', lambda s: any('SemanticLeaf.field' in f for f in s)),
 ('keywordsketch.other', lambda s: any('KeywordSketch' in f for f in s)),
 ('claimcache', lambda s: any('SemanticClaimCache' in f for f in s)),
 ('textpass', lambda s: any('io.winnow' in f for f in s)),
 ('gc/jit/other-nonjava', lambda s: len(s)==0),
 ('spark/other', lambda s: True),
]
counts = collections.defaultdict(collections.Counter)
kind=None; t=None; state=None; stack=[]; thread=None
native_idle = re.compile(r'(epoll|socketRead|park|Object.wait|Thread.sleep|accept|poll|FileDispatcherImpl.read|waitForProcessExit|select|SocketDispatcher.read)')
def flush():
    if kind is None: return
    w = win(t)
    if w is None: return
    if kind == 'N':
        if not stack or native_idle.search(stack[0]): return
    for name, f in cats:
        if f(stack):
            counts[w][(kind, name)] += 1
            break
for line in open(sys.argv[1]):
    if line.startswith('jdk.ExecutionSample'): flush(); kind='J'; stack=[]; t=None
    elif line.startswith('jdk.NativeMethodSample'): flush(); kind='N'; stack=[]; t=None
    elif line.startswith('  startTime'): t = line.split('=')[1].strip()[:8]
    elif line.startswith('    ') and '(' in line: stack.append(line.strip())
flush()
for w in [x[0] for x in wins]:
    c = counts[w]; tot = sum(c.values())
    print(f'== {w}: {tot} samples')
    for (k, n), v in sorted(c.items(), key=lambda x: -x[1]):
        print(f'  {k} {n:28s} {v:6d} {100*v/tot:5.1f}%')
