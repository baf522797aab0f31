import numpy as np
from cmaes import CMA
def sphere(x): return float(np.sum(x**2))
def ellipsoid(x):
    n=len(x); return float(np.sum(10**(6*np.arange(n)/(n-1))*x**2))
for name,f in [("sphere",sphere),("ellipsoid",ellipsoid)]:
    evals=[]
    for seed in range(11):
        es=CMA(mean=3*np.ones(5), sigma=2.0, seed=seed)
        n=0; done=False
        while not done:
            sols=[]
            for _ in range(es.population_size):
                x=es.ask(); v=f(x); n+=1; sols.append((x,v))
                if v<1e-8: done=True
            es.tell(sols)
        evals.append(n)
    print(name, sorted(evals), np.median(evals))
