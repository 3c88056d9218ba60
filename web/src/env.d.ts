declare const __SIGNALING_URLS__: string[];
