# Makes pybkt-assistments-all.json: pyBKT 1.4.2's fitted parameters for every skill of
# ../shared/data/assistments2009_builder/train.csv, standard BKT and with forgetting, at pyBKT's
# defaults as a researcher runs it: Model(seed=42, num_fits=5).fit(data=df[, forgets=True]).
# pyBKT is not part of learnkit: install or build it yourself and run
#   PYTHONPATH=/path/to/pyBKT /usr/bin/python3 test/bkt/golden/pybkt-assistments-all.py ../shared/data/assistments2009_builder/train.csv > test/bkt/golden/pybkt-assistments-all.json
import json
import sys

import pandas as pd
from pyBKT.models import Model

df = pd.read_csv(sys.argv[1])
out = {'pybkt': '1.4.2 (C++ extension)', 'csv': 'assistments2009_builder/train.csv', 'settings': 'Model(seed=42, num_fits=5)'}
for name, forgets in (('standard', False), ('forgets', True)):
    m = Model(seed=42, num_fits=5)
    m.fit(data=df, forgets=forgets)
    skills = {}
    for (skill, param, _cls), v in m.params()['value'].items():
        skills.setdefault(str(skill), {})[param] = float(v)
    out[name] = skills
json.dump(out, sys.stdout, indent=1, sort_keys=True)
