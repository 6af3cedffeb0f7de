import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { privilegedPortProblem, unprivilegedPortStart } from './privileges.ts';

describe('privileged ports', () => {
  it('are a problem only without root and below the unprivileged start, and the message names the fix', () => {
    const problem = privilegedPortProblem({ name: 'web', ports: [{ containerPort: 80 }, { containerPort: 8080 }] });
    if (process.getuid?.() === 0) {
      assert.equal(problem, undefined, 'root binds any port');
    } else if (unprivilegedPortStart() > 80) {
      assert.match(problem!, /container "web" uses port 80, below net.ipv4.ip_unprivileged_port_start/);
      assert.match(problem!, /Run portico as root, or set sysctl net.ipv4.ip_unprivileged_port_start=0/);
    } else {
      assert.equal(problem, undefined);
    }
    assert.equal(privilegedPortProblem({ name: 'high', ports: [{ containerPort: 8080 }] }), undefined);
  });
});
