/** @odoo-module **/
/* Copyright 2026 Retail CRM Customers Team
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import * as ProductScreen from "@point_of_sale/../tests/tours/helpers/ProductScreenTourMethods";
import {scan_barcode} from "@point_of_sale/../tests/tours/helpers/utils";
import {customerIsSet} from "@crm_retail_customers_pos/../tests/tours/helpers/RetailTourMethods";
import {registry} from "@web/core/registry";

/*
 * The cashier scans a card number the test read from elsewhere (the barcode
 * on a customer's phone, setup/tests/odoo_db/test_portal_card_scan.py): the
 * number and the holder's name come in the till's URL (retail_card,
 * retail_customer).
 */
registry.category("web_tour.tours").add("crm_retail_customers_pos_scan_given_card_tour", {
    test: true,
    steps: () => {
        const params = new URLSearchParams(window.location.search);
        const number = params.get("retail_card");
        const name = params.get("retail_customer");
        return [
            ProductScreen.confirmOpeningPopup(),
            {
                content: `a card number (${number}) and a holder (${name}) are given`,
                trigger: ".product-screen",
                run: () => {
                    if (!/^\d{13}$/.test(number || "") || !name) {
                        throw new Error(`no card number or holder in ${window.location.search}`);
                    }
                    if (window.posmodel.get_order().get_partner()) {
                        throw new Error("the order has a customer before the scan");
                    }
                },
            },
            scan_barcode(number),
            customerIsSet(name),
        ].flat();
    },
});
