/**
 * Name rules of apimachinery's util/validation (IsDNS1123Label, IsDNS1123Subdomain,
 * IsQualifiedName, IsValidLabelValue), with upstream's messages. Each returns the list of problems,
 * empty when the value is valid.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const DNS1123_LABEL_MAX = 63;
const DNS1123_SUBDOMAIN_MAX = 253;

const maxLen = (n: number) => `must be no more than ${n} characters`;

/** validation.IsDNS1123Label: names of namespaces, containers, services, ports. */
export function dns1123LabelErrors(s: string): string[] {
  const out: string[] = [];
  if (s.length > DNS1123_LABEL_MAX) out.push(maxLen(DNS1123_LABEL_MAX));
  if (!DNS1123_LABEL.test(s)) {
    out.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
  }
  return out;
}

/** validation.IsDNS1123Subdomain: names of most objects (pods, deployments, nodes). */
export function dns1123SubdomainErrors(s: string): string[] {
  const out: string[] = [];
  if (s.length > DNS1123_SUBDOMAIN_MAX) out.push(maxLen(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN.test(s)) {
    out.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  }
  return out;
}

/**
 * validation.IsQualifiedName and IsValidLabelValue: one implementation, in the label-selector
 * module (which validates selector keys and values with them too).
 */
export { isQualifiedName as qualifiedNameErrors, isValidLabelValue as labelValueErrors } from '../label-selector';
