/** Saves text as a file through a Blob URL (nothing leaves the browser). */
export function saveTextFile(text: string, fileName: string, type = 'application/x-pem-file'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** LINE WORKS' own name for a downloaded key: private_YYYYMMDDHHmmss.key (local time). */
export function privateKeyFileName(now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `private_${stamp}.key`;
}
