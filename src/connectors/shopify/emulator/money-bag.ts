/** Shopify's MoneyBag: every amount twice, in shop and presentment currency (the same here). */
export function moneyBag(amount: string, currency: string) {
  return {
    shop_money: { amount, currency_code: currency },
    presentment_money: { amount, currency_code: currency },
  };
}
