# Makes pybkt-statics-two-columns.json: pyBKT 1.4.2's fit of guess/slip per problem_id together with
# learn rates per template_id, Model(seed=42, num_fits=5).fit(data=df, skills=..., multigs='problem_id',
# multilearn='template_id'), on eight skills of ../shared/data/statics2011/train.csv.
# The shared data have no template column (ASSISTments' file has no item ids at all: problem_id is the
# skill id), so template_id is derived from the Statics problem ids as 'T' + problem_id // 10 (neighbouring
# question ids, a grouping as coarse as ASSISTments' templates); test/bkt/two-columns.test.ts derives it the same way.
# pyBKT is not part of learnkit: install or build it yourself and run
#   PYTHONPATH=/path/to/pyBKT /usr/bin/python3 test/bkt/golden/pybkt-statics-two-columns.py ../shared/data/statics2011/train.csv > test/bkt/golden/pybkt-statics-two-columns.json
import json
import sys

import pandas as pd
from pyBKT.models import Model

SKILLS = ['16', '1', '33', '3', '5', '47', '4', '62']

df = pd.read_csv(sys.argv[1], dtype={'skill_name': str, 'problem_id': str, 'user_id': str})
df['template_id'] = 'T' + (df['problem_id'].astype(int) // 10).astype(str)
df = df[df['skill_name'].isin(SKILLS)].reset_index(drop=True)
m = Model(seed=42, num_fits=5)
m.fit(data=df, skills='^(' + '|'.join(SKILLS) + ')$', multigs='problem_id', multilearn='template_id')
skills = {}
for (skill, param, cls), v in m.params()['value'].items():
    skills.setdefault(str(skill), {}).setdefault(param, {})[str(cls)] = float(v)
out = {
    'pybkt': '1.4.2 (C++ extension)',
    'csv': 'statics2011/train.csv',
    'template_id': "'T' + problem_id // 10",
    'settings': "Model(seed=42, num_fits=5).fit(multigs='problem_id', multilearn='template_id')",
    'skills': skills,
}
json.dump(out, sys.stdout, indent=1, sort_keys=True)
