// `npm run bench`: every benchmark, each printing Portico beside its reference.
import { run as apiserver } from './apiserver.ts';
import { run as services } from './services.ts';
import { run as pods } from './pods.ts';

console.log('## API server: 10,000 Pods, list, 100 watchers\n');
console.log(await apiserver());
console.log('\n## Services: 10,000 creates (2,500 NodePort) as the service CIDR fills\n');
console.log(await services());
console.log('\n## Pods: a 50-replica Deployment from apply to all Ready\n');
console.log(await pods());
