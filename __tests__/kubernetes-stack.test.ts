import { buildDeployments, onlyResource, synthJson } from './helpers';

describe('cloud: kubernetes, mode: observability', () => {
  test('a minimal entry synthesizes one app stack with the pinned LangSmith chart from langchain-ai', () => {
    const { stacks } = buildDeployments([{ name: 'mini', mode: 'observability', cloud: 'kubernetes' }]);
    expect(stacks.mini.infra).toBeUndefined();
    expect(stacks.mini.app.node.id).toBe('mini-app');
    const json = synthJson(stacks.mini.app);
    const release = onlyResource(json, 'helm_release');
    expect(release).toMatchObject({ chart: 'langsmith', version: '0.16.11', repository: 'https://langchain-ai.github.io/helm/', namespace: 'langsmith' });
    expect(json.provider.kubernetes[0]).toEqual({ config_path: '~/.kube/config' });
  });
});
