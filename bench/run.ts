// `npm run bench`: every benchmark, each printing Portico beside its reference.
import { run as apiserver } from './apiserver.ts';

console.log('## API server: 10,000 Pods, list, 100 watchers\n');
console.log(await apiserver());
