import { memberCsvColumns } from '@worksbase/schema';

/** Quotes a cell when it holds a comma, quote or line break (RFC 4180). */
function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

interface TemplateExample {
  domainName: string;
  department: string | undefined;
  employmentType: string | undefined;
}

/**
 * A template with the header and two example rows that fit the tenant (its domain, a department
 * and an employment type). Starts with a byte order mark so Excel opens it as UTF-8.
 */
export function memberCsvTemplate({ domainName, department = '', employmentType = '' }: TemplateExample): string {
  const rows: string[][] = [
    [...memberCsvColumns],
    [`yamada.taro@${domainName}`, '山田', '太郎', 'Yamada', 'Taro', '', `yamada.taro@${domainName}`, department, employmentType, 'ACTIVE'],
    [`sato.hana@${domainName}`, '佐藤', '花', 'Sato', 'Hana', 'Hana', '', department, employmentType, 'ACTIVE'],
  ];
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Offers text as a file download without a server round trip. */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next tick: the download has started by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
