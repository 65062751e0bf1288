/** @odoo-module */
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {useEffect} from "@odoo/owl";
import {ProductsWidget} from "@point_of_sale/app/screens/product_screen/product_list/product_list";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";

/** A whole card number as printed on the card (EAN-13, spaces allowed). */
const FULL_CARD_NUMBER = /^\d{13}$/;

patch(ProductsWidget.prototype, {
    /**
     * When the scanner fails, the cashier types the card number into the
     * product search: a whole card number no product matches picks its
     * holder, checked by the server as a scanned card. A customer number
     * (shorter, picked while still being typed) is looked up with the button
     * under "No products found".
     */
    setup() {
        super.setup(...arguments);
        useEffect(
            (word) => {
                if (
                    FULL_CARD_NUMBER.test(word.replace(/\s/g, "")) &&
                    !this.productsToDisplay.length
                ) {
                    this.retailFindCustomer(false);
                }
            },
            () => [this.searchWord]
        );
    },
    /** Whether the search could be a card or customer number: one word, no
     * product matches it. */
    get retailMayBeCustomerNumber() {
        const word = this.searchWord;
        return Boolean(word && /^[\w\s-]+$/.test(word) && !this.productsToDisplay.length);
    },
    /** Pick the customer whose card or customer number is the search word;
     * ``notify``: say so when no customer has it. */
    async retailFindCustomer(notify = true) {
        const word = this.searchWord;
        const found = await this.pos.retailFindCustomerByNumber(word, this.pos.get_order());
        if (found) {
            if (this.pos.searchProductWord.trim() === word) {
                this.pos.searchProductWord = "";
            }
        } else if (notify) {
            this.notification.add(
                _t('No customer has the card or customer number "%s".', word),
                3000
            );
        }
    },
});
