package com.xerosync.sandbox.data;

/**
 * How many records of each transaction kind an organisation generates, in proportion to its
 * invoices (N): bank transactions N/2; bank transfers, manual journals 10 + N/40; purchase orders
 * and quotes 5 + N/20; expense claims 4 + N/200 with three receipt slots each; linked
 * transactions 5 + N/100; repeating invoices 4 + N/400. None without invoices. Payments, batch
 * payments, credit notes, prepayments and overpayments follow from the invoices themselves.
 */
record Sizes(long invoices, long bankTransactions, long bankTransfers, long manualJournals, long purchaseOrders, long quotes,
             long expenseClaims, long linkedTransactions, long repeatingInvoices) {

    static Sizes of(long invoices) {
        if (invoices == 0) {
            return new Sizes(0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new Sizes(invoices, invoices / 2, 10 + invoices / 40, 10 + invoices / 40, 5 + invoices / 20, 5 + invoices / 20,
                4 + invoices / 200, 5 + invoices / 100, 4 + invoices / 400);
    }

    long receipts() {
        return expenseClaims * 3;
    }
}
