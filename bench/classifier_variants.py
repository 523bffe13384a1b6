"""Classifier variants on the group-aware folds of the real data (docs/appeals-classifier.md, the variants table).

Not part of `make bench` (hours of CPU for all variants on a shared 2-core machine). Features are rebuilt with
scikit-learn's vectorizers, fitted on each training fold; no calibration, so figures sit a hair away from the
production model's. Usage (from the repository root):

    python -m bench.classifier_variants "peer=kind='w';wc=kind='wc';title=kind='wc',title_w=0.5;nbsvm=kind='wc',model='nbsvm',C=0.3"
"""
import csv, time, sys, numpy as np, scipy.sparse as sp, warnings
from pathlib import Path
warnings.filterwarnings("ignore")
from yingshang.appeals.classification import clean_text
from yingshang.appeals.classification.segmentation import words
from yingshang.appeals.classification.evaluation import fold_indices
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC
from sklearn.linear_model import SGDClassifier, LogisticRegression
from sklearn.metrics import f1_score, accuracy_score
import pickle, os
DATA = Path(__file__).resolve().parents[2] / 'shared' / 'data' / 'appeals' / 'train.csv'
if not DATA.exists():
    sys.exit(f'未找到真实数据 {DATA}(见 shared/data/README.md)')
rows = list(csv.DictReader(open(DATA, encoding='utf-8', newline='')))
from yingshang.appeals.classification.grouping import near_duplicate_groups
g_all = near_duplicate_groups([r['text'] for r in rows], [r['title'] for r in rows])
keep = [i for i, r in enumerate(rows) if clean_text(r['text'])]
rows = [rows[i] for i in keep]; g = g_all[keep]
texts = [clean_text(r['text']) for r in rows]
titles = [clean_text(r['title']) for r in rows]
y = np.array([r['label'] for r in rows], dtype=object)
cache = '/tmp/yingshang_classifier_variants_tokens.pkl'
if os.path.exists(cache):
    tw, ttw = pickle.load(open(cache, 'rb'))
else:
    t = time.time(); tw = [words(x) for x in texts]; ttw = [words(x) for x in titles]; print('seg', time.time()-t, flush=True)
    pickle.dump((tw, ttw), open(cache, 'wb'))
idx = np.arange(len(texts))
splits = fold_indices(idx, y, 5, groups=g, random_state=0)
ident = lambda d: d
def wvec(ng=(1,2)): return TfidfVectorizer(analyzer=lambda toks: _ngr(toks, ng), sublinear_tf=True, min_df=2, max_features=100000)
def _ngr(toks, ng):
    out = list(toks) if ng[0] == 1 else []
    if ng[1] >= 2: out += [a + ' ' + b for a, b in zip(toks, toks[1:])]
    return out
def cvec(ng=(1,3), mf=200000): return TfidfVectorizer(analyzer='char', ngram_range=ng, sublinear_tf=True, min_df=2, max_features=mf, lowercase=False)

def feats(kind, tr, te, title_w=0.0):
    blocks_tr, blocks_te = [], []
    if 'w' in kind:
        v = wvec(); blocks_tr.append(v.fit_transform([tw[i] for i in tr])); blocks_te.append(v.transform([tw[i] for i in te]))
    if 'c' in kind:
        v = cvec(); blocks_tr.append(v.fit_transform([texts[i] for i in tr])); blocks_te.append(v.transform([texts[i] for i in te]))
    if title_w:
        v = wvec(); blocks_tr.append(title_w * v.fit_transform([ttw[i] for i in tr])); blocks_te.append(title_w * v.transform([ttw[i] for i in te]))
        v = cvec((1,3), 50000); blocks_tr.append(title_w * v.fit_transform([titles[i] for i in tr])); blocks_te.append(title_w * v.transform([titles[i] for i in te]))
    return sp.hstack(blocks_tr).tocsr(), sp.hstack(blocks_te).tocsr()

def nb_ratio(X, yy, classes, alpha=1.0):
    Xb = (X > 0).astype(np.float64)
    R = []
    for c in classes:
        p = alpha + Xb[yy == c].sum(0); q = alpha + Xb[yy != c].sum(0)
        R.append(np.asarray(np.log((p / p.sum()) / (q / q.sum()))).ravel())
    return np.array(R)

def run(name, kind, model='svm', C=0.5, title_w=0.0):
    t = time.time(); pred = np.empty(len(y), dtype=object)
    for tr, te in splits:
        Xtr, Xte = feats(kind, tr, te, title_w)
        if model == 'svm':
            clf = LinearSVC(C=C).fit(Xtr, y[tr]); pred[te] = clf.predict(Xte)
        elif model == 'lr':
            clf = LogisticRegression(C=C, max_iter=2000).fit(Xtr, y[tr]); pred[te] = clf.predict(Xte)
        elif model == 'nbsvm':
            classes = np.unique(y[tr]); R = nb_ratio(Xtr, y[tr], classes)
            scores = []
            for k, c in enumerate(classes):
                D = sp.diags(R[k]); clf = LinearSVC(C=C).fit(Xtr @ D, (y[tr] == c).astype(int))
                scores.append(clf.decision_function(Xte @ D))
            pred[te] = classes[np.argmax(np.array(scores), 0)]
        elif model == 'sgd':
            sc = 0
            for seed in range(3):
                clf = SGDClassifier(loss='modified_huber', alpha=C, random_state=seed, max_iter=50, tol=None).fit(Xtr, y[tr]); sc = sc + clf.decision_function(Xte)
            pred[te] = clf.classes_[sc.argmax(1)]
    f1 = f1_score(y, pred, average='macro'); acc = accuracy_score(y, pred)
    print(f"{name:40s} macroF1 {f1:.4f} acc {acc:.4f} ({time.time()-t:.0f}s)", flush=True)
    return f1

for spec in sys.argv[1].split(';'):
    name, kw = spec.split('=', 1) if '=' in spec else (spec, '')
    run(name, **eval(f"dict({kw})"))
