import type { Template } from 'aws-cdk-lib/assertions';

/** A metric as CloudWatch identifies it: namespace, name and the set of dimension names. */
export interface MetricIdentity {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: readonly string[];
}

export function identityText(m: MetricIdentity): string {
  return `${m.namespace} ${m.name} [${[...m.dimensions].sort().join(',')}]`;
}

/** Every metric the template's alarms and dashboards name, whether directly, by SEARCH or by SELECT. */
export function monitoredMetrics(template: Template): MetricIdentity[] {
  const found: MetricIdentity[] = [];
  for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
    const p = alarm.Properties;
    if (typeof p.MetricName === 'string') {
      found.push({
        namespace: p.Namespace,
        name: p.MetricName,
        dimensions: (p.Dimensions ?? []).map((d: { Name: string }) => d.Name),
      });
    }
    for (const query of p.Metrics ?? []) {
      if (query.MetricStat) {
        const m = query.MetricStat.Metric;
        found.push({
          namespace: m.Namespace,
          name: m.MetricName,
          dimensions: (m.Dimensions ?? []).map((d: { Name: string }) => d.Name),
        });
      }
      if (typeof query.Expression === 'string') found.push(...fromExpression(query.Expression));
    }
  }
  for (const dashboard of Object.values(template.findResources('AWS::CloudWatch::Dashboard'))) {
    const body = JSON.parse(resolveToText(dashboard.Properties.DashboardBody)) as {
      widgets: Array<{ properties: { metrics?: unknown[][] } }>;
    };
    for (const widget of body.widgets) {
      for (const line of widget.properties.metrics ?? []) {
        const first = line[0];
        if (typeof first === 'object' && first !== null && 'expression' in first) {
          found.push(...fromExpression(String((first as { expression: unknown }).expression)));
          continue;
        }
        const strings = line.filter((part): part is string => typeof part === 'string');
        const [namespace, name, ...pairs] = strings;
        if (namespace === undefined || name === undefined) continue;
        found.push({ namespace, name, dimensions: pairs.filter((_, i) => i % 2 === 0) });
      }
    }
  }
  return found;
}

function fromExpression(expression: string): MetricIdentity[] {
  const search = /\{([^}]+)\}\s*MetricName=\\?"([^"\\]+)\\?"/.exec(expression);
  if (search?.[1] && search[2]) {
    const [namespace = '', ...dimensions] = search[1].split(',').map((s) => s.trim());
    return [{ namespace, name: search[2], dimensions }];
  }
  const select = /SELECT\s+\w+\((\w+)\)\s+FROM\s+SCHEMA\(\s*"([^"]+)"\s*,([^)]*)\)/i.exec(expression);
  if (select?.[1] && select[2] && select[3] !== undefined) {
    return [{ namespace: select[2], name: select[1], dimensions: select[3].split(',').map((s) => s.trim()) }];
  }
  // Arithmetic over metrics ids (m1 + m2) names no metric itself.
  return [];
}

/** The dashboard body is an Fn::Join of text and tokens; tokens become a placeholder name. */
function resolveToText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'Fn::Join' in value) {
    const [separator, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    return parts.map((part) => (typeof part === 'string' ? part : 'TOKEN')).join(separator);
  }
  throw new Error(`unexpected dashboard body ${JSON.stringify(value)}`);
}
