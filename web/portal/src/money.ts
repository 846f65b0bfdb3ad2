// Money as the API sent it: dollars with two decimals, shown as "$45.01". Never added up or
// recomputed here: every amount on a page is one the API answered.
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export const money = (amount: number): string => dollars.format(amount);
