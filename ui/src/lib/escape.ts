// Esc goes to the innermost open thing: a dialog before its screen. Components push a handler
// while mounted; the app's single keydown listener calls the top one.

const stack: (() => void)[] = [];

export function pushEscape(fn: () => void): () => void {
  stack.push(fn);
  return () => {
    const i = stack.lastIndexOf(fn);
    if (i >= 0) stack.splice(i, 1);
  };
}

export function handleEscape(): boolean {
  const top = stack[stack.length - 1];
  if (!top) return false;
  top();
  return true;
}

export function clearEscapes(): void {
  stack.length = 0;
}
